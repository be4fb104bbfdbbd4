namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>
/// A circuit breaker for one "component:operation" key. Thread-safe. Time comes from the injected
/// <see cref="TimeProvider"/>; an open circuit turns half-open on the first query after the open period.
/// </summary>
public sealed class CircuitBreaker
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private CircuitState _state = CircuitState.Closed;
    private int _failures;
    private int _halfOpenSuccesses;
    private DateTimeOffset? _openedAt;

    public CircuitBreaker(string key, TimeProvider time, CircuitBreakerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(time);
        Options = options ?? new CircuitBreakerOptions();
        Options.Validate();
        Key = key;
        _time = time;
    }

    public string Key { get; }

    public CircuitBreakerOptions Options { get; }

    /// <summary>The state now; querying it is what moves an expired open circuit to half-open.</summary>
    public CircuitState State
    {
        get
        {
            lock (_lock)
            {
                Refresh();
                return _state;
            }
        }
    }

    /// <summary>False while open: callers should not call the protected operation.</summary>
    public bool AllowsRequest => State != CircuitState.Open;

    /// <summary>The net failure count while closed.</summary>
    public int FailureCount
    {
        get
        {
            lock (_lock)
            {
                return _failures;
            }
        }
    }

    /// <summary>When the circuit last opened (or was last held open by a failure), or null if it is not open.</summary>
    public DateTimeOffset? OpenedAt
    {
        get
        {
            lock (_lock)
            {
                Refresh();
                return _state == CircuitState.Open ? _openedAt : null;
            }
        }
    }

    public void RecordFailure()
    {
        lock (_lock)
        {
            Refresh();
            switch (_state)
            {
                case CircuitState.Closed:
                    _failures++;
                    if (_failures >= Options.FailureThreshold)
                    {
                        Open();
                    }
                    break;
                case CircuitState.HalfOpen:
                    Open();
                    break;
                case CircuitState.Open:
                    // Still failing: the open period restarts from this failure.
                    _openedAt = _time.GetUtcNow();
                    break;
            }
        }
    }

    public void RecordSuccess()
    {
        lock (_lock)
        {
            Refresh();
            switch (_state)
            {
                case CircuitState.Closed:
                    // As the original: a success forgives one earlier failure rather than wiping them all.
                    _failures = Math.Max(0, _failures - 1);
                    break;
                case CircuitState.HalfOpen:
                    _halfOpenSuccesses++;
                    if (_halfOpenSuccesses >= Options.SuccessThreshold)
                    {
                        _state = CircuitState.Closed;
                        _failures = 0;
                        _halfOpenSuccesses = 0;
                        _openedAt = null;
                    }
                    break;
                case CircuitState.Open:
                    // A success while open cannot come from a protected call; it does not shorten the open period.
                    break;
            }
        }
    }

    private void Open()
    {
        _state = CircuitState.Open;
        _openedAt = _time.GetUtcNow();
        _halfOpenSuccesses = 0;
    }

    private void Refresh()
    {
        if (_state == CircuitState.Open && _openedAt is { } openedAt && _time.GetUtcNow() - openedAt >= Options.OpenDuration)
        {
            _state = CircuitState.HalfOpen;
            _halfOpenSuccesses = 0;
        }
    }
}
