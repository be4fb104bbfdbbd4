using BreakoutBot.Domain.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>
/// The engine's error policy. Per "component:operation" key it counts retries (reset by
/// <see cref="RecordSuccess"/>) and keeps a <see cref="CircuitBreaker"/>. The retry delay is
/// min(BaseDelay·2^retry, MaxDelay)·(1 ± Jitter), and never less than a <see cref="TransientException.RetryAfter"/>.
/// Thread-safe.
/// </summary>
public sealed class ErrorHandler : IErrorHandler
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _retries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CircuitBreaker> _breakers = new(StringComparer.Ordinal);
    // Set (under the lock) once a retry count or a breaker exists: until then a success has nothing to forgive.
    private volatile bool _anyState;
    private readonly Dictionary<ErrorCategory, long> _byCategory = [];
    private readonly Queue<ErrorRecord> _recent = new();
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger<ErrorHandler> _logger;
    private long _totalErrors;

    /// <param name="time">The clock for records, breakers and retry delays.</param>
    /// <param name="options">Settings; the defaults when null.</param>
    /// <param name="random">The jitter source; pass a seeded one for repeatable delays.</param>
    /// <param name="logger">Optional logger.</param>
    public ErrorHandler(TimeProvider time, ErrorHandlerOptions? options = null, Random? random = null, ILogger<ErrorHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        Options = options ?? new ErrorHandlerOptions();
        Options.Validate();
        _time = time;
        _random = random ?? Random.Shared;
        _logger = logger ?? NullLogger<ErrorHandler>.Instance;
    }

    public ErrorHandlerOptions Options { get; }

    public IReadOnlyList<ErrorRecord> RecentErrors
    {
        get
        {
            lock (_lock)
            {
                return [.. _recent];
            }
        }
    }

    public ErrorStatistics Statistics
    {
        get
        {
            lock (_lock)
            {
                var circuits = _breakers.ToDictionary(b => b.Key, b => b.Value.State, StringComparer.Ordinal);
                var open = circuits.Where(c => c.Value == CircuitState.Open).Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
                return new ErrorStatistics(_totalErrors, new Dictionary<ErrorCategory, long>(_byCategory), circuits, open, _recent.Count);
            }
        }
    }

    public ErrorDecision Handle(string component, string operation, Exception exception)
    {
        var key = Key(component, operation);
        ArgumentNullException.ThrowIfNull(exception);
        var classification = ErrorClassifier.Classify(exception);

        ErrorDecision decision;
        lock (_lock)
        {
            Remember(component, operation, exception, classification);
            var breaker = Breaker(key);
            breaker.RecordFailure();
            var circuitOpen = breaker.State == CircuitState.Open;
            _retries.TryGetValue(key, out var retries);

            decision = Decide(key, exception, classification, circuitOpen, retries);
        }

        Log(decision, exception);
        return decision;
    }

    public void RecordSuccess(string component, string operation)
    {
        if (!_anyState)
        {
            // Nothing has ever failed: the usual case on every cycle, without taking the lock.
            return;
        }
        lock (_lock)
        {
            if (_retries.Count == 0 && _breakers.Count == 0)
            {
                // Nothing has ever failed: the usual case on every cycle, with no key to build.
                return;
            }
            var key = Key(component, operation);
            _retries.Remove(key);
            if (_breakers.TryGetValue(key, out var breaker))
            {
                breaker.RecordSuccess();
            }
        }
    }

    public bool IsCircuitOpen(string component, string operation)
    {
        var key = Key(component, operation);
        lock (_lock)
        {
            return _breakers.TryGetValue(key, out var breaker) && breaker.State == CircuitState.Open;
        }
    }

    /// <summary>The key's circuit state; Closed for a key that has never failed.</summary>
    public CircuitState CircuitStateOf(string component, string operation)
    {
        var key = Key(component, operation);
        lock (_lock)
        {
            return _breakers.TryGetValue(key, out var breaker) ? breaker.State : CircuitState.Closed;
        }
    }

    /// <summary>The retries decided for the key since its last success (or since retries were last exhausted).</summary>
    public int RetryCountOf(string component, string operation)
    {
        var key = Key(component, operation);
        lock (_lock)
        {
            return _retries.GetValueOrDefault(key);
        }
    }

    public async Task<T> ExecuteWithRetryAsync<T>(
        string component,
        string operation,
        Func<CancellationToken, Task<T>> action,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        _ = Key(component, operation); // validates the names before the first attempt
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan delay;
            try
            {
                var result = await action(cancellationToken);
                RecordSuccess(component, operation);
                return result;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var decision = Handle(component, operation, ex);
                if (!decision.ShouldRetry)
                {
                    throw;
                }
                delay = decision.Delay;
            }
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    public Task ExecuteWithRetryAsync(
        string component,
        string operation,
        Func<CancellationToken, Task> action,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        return ExecuteWithRetryAsync(component, operation, async ct =>
        {
            await action(ct);
            return true;
        }, cancellationToken);
    }

    private static string Key(string component, string operation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        return component + ":" + operation;
    }

    private ErrorDecision Decide(string key, Exception exception, ErrorClassification c, bool circuitOpen, int retries)
    {
        ErrorDecision Make(bool retry, TimeSpan delay, TradingState? next, int retryCount) =>
            new(key, c.Severity, c.Category, c.Strategy, retry, delay, next, retryCount, circuitOpen, exception.Message);

        if (c.Strategy == RecoveryStrategy.Emergency || c.Severity == ErrorSeverity.Critical)
        {
            return Make(false, TimeSpan.Zero, TradingState.Emergency, retries);
        }
        if (circuitOpen)
        {
            return Make(false, TimeSpan.Zero, TradingState.Error, retries);
        }
        switch (c.Strategy)
        {
            case RecoveryStrategy.Retry when retries >= Options.MaxRetries:
                // Exhausted: hand over to the Error state; the next episode starts with a fresh budget.
                _retries.Remove(key);
                return Make(false, TimeSpan.Zero, TradingState.Error, retries);
            case RecoveryStrategy.Retry:
                _retries[key] = retries + 1;
                _anyState = true;
                return Make(true, RetryDelay(retries, exception), null, retries + 1);
            case RecoveryStrategy.Reset:
                return Make(false, TimeSpan.Zero, TradingState.Scanning, retries);
            default:
                return Make(false, TimeSpan.Zero, null, retries);
        }
    }

    private TimeSpan RetryDelay(int retry, Exception exception)
    {
        var doubled = Options.BaseDelay.Ticks * Math.Pow(2, retry);
        var capped = Math.Min(doubled, Options.MaxDelay.Ticks);
        var factor = 1.0 + (Options.Jitter * ((2.0 * _random.NextDouble()) - 1.0));
        var delay = TimeSpan.FromTicks((long)Math.Round(capped * factor));
        return exception is TransientException { RetryAfter: { } retryAfter } && retryAfter > delay ? retryAfter : delay;
    }

    private CircuitBreaker Breaker(string key)
    {
        if (!_breakers.TryGetValue(key, out var breaker))
        {
            breaker = new CircuitBreaker(key, _time, Options.CircuitBreaker);
            _breakers.Add(key, breaker);
            _anyState = true;
        }
        return breaker;
    }

    private void Remember(string component, string operation, Exception exception, ErrorClassification c)
    {
        _totalErrors++;
        _byCategory[c.Category] = _byCategory.GetValueOrDefault(c.Category) + 1;
        _recent.Enqueue(new ErrorRecord(_time.GetUtcNow(), component, operation, exception.GetType().Name, exception.Message,
            c.Severity, c.Category, c.Strategy));
        while (_recent.Count > Options.HistorySize)
        {
            _recent.Dequeue();
        }
    }

    private void Log(ErrorDecision d, Exception exception)
    {
        var level = d.Severity switch
        {
            ErrorSeverity.Critical => LogLevel.Critical,
            ErrorSeverity.High => LogLevel.Error,
            ErrorSeverity.Medium => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        _logger.Log(level, exception,
            "{Key} failed ({Severity}/{Category}): {Strategy}, retry {ShouldRetry} #{RetryCount} in {DelayMs} ms, next state {NextState}, circuit open {CircuitOpen}",
            d.Key, d.Severity, d.Category, d.Strategy, d.ShouldRetry, d.RetryCount, d.Delay.TotalMilliseconds, d.NextState, d.CircuitOpen);
    }
}
