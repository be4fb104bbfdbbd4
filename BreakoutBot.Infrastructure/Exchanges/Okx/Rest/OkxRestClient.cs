using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using BreakoutBot.Domain.Engine.Errors;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Monitoring.Metrics;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>
/// BreakoutBot's own OKX v5 REST client. Every call returns an <see cref="OkxResult{T}"/>: expected failures (rejections,
/// rate limits, timeouts, an open circuit) are values, not exceptions. Private calls are signed over the exact path,
/// query and body bytes sent; demo keys add <c>x-simulated-trading: 1</c> to every request. Calls wait for a permit of
/// the endpoint's OKX rate limit, idempotent calls are retried with backoff on transient failures, and a circuit breaker
/// stops calls after repeated transient failures. Secrets and signatures are never logged.
/// </summary>
public sealed partial class OkxRestClient : IDisposable
{
    private const string JsonMediaType = "application/json";

    private readonly HttpClient _http;
    private readonly OkxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OkxCredentials? _credentials;
    private readonly OkxRateLimiterRegistry _limiters;
    private readonly bool _ownsLimiters;
    private readonly OkxRetryPolicy _retry;
    private readonly CircuitBreaker _breaker;
    private readonly IDisposable _breakerTracking;
    private long _clockOffsetTicks;

    /// <param name="credentials">Null for a public-data client: private calls then fail with <see cref="OkxErrorKind.MissingCredentials"/>.</param>
    /// <param name="rateLimiters">Shared limiters (one per account or IP); null gives the client its own.</param>
    public OkxRestClient(
        HttpClient httpClient,
        OkxOptions options,
        TimeProvider timeProvider,
        ILogger<OkxRestClient> logger,
        OkxCredentials? credentials = null,
        OkxRateLimiterRegistry? rateLimiters = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RequestTimeout, "Okx:RequestTimeout must be positive.");
        }
        if (options.MaxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxRetries, "Okx:MaxRetries cannot be negative.");
        }
        if (options.OrderRequestExpiry <= TimeSpan.Zero)
        {
            // Longer than RequestTimeout is refused at start (AddOkx's options validation) but would be safe:
            // the caller waits for the deadline, however far it is, before it trusts a lookup that finds nothing.
            throw new ArgumentOutOfRangeException(nameof(options), options.OrderRequestExpiry, "Okx:OrderRequestExpiry must be positive.");
        }
        _http = httpClient;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _credentials = credentials;
        _ownsLimiters = rateLimiters is null;
        _limiters = rateLimiters ?? new OkxRateLimiterRegistry(options.RateLimitWindow);
        _retry = new OkxRetryPolicy(options.RetryBaseDelay);
        _breaker = new CircuitBreaker(
            "okx:rest",
            timeProvider,
            new CircuitBreakerOptions
            {
                FailureThreshold = options.CircuitBreakerFailureThreshold,
                OpenDuration = options.CircuitBreakerOpenDuration,
                SuccessThreshold = 1,
            });
        _breakerTracking = CircuitBreakerGauge.Track(_breaker);
    }

    /// <summary>True when the client can call private endpoints.</summary>
    public bool HasCredentials => _credentials is not null;

    /// <summary>Server time minus local time, as measured by the last <see cref="SyncClockAsync"/>; added to every signed timestamp.</summary>
    public TimeSpan ClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));

    /// <summary>The circuit breaker's state: Open means calls fail fast with <see cref="OkxErrorKind.CircuitOpen"/>.</summary>
    public CircuitState CircuitState => _breaker.State;

    /// <summary>
    /// Measures the server clock against ours from the midpoint of one round trip and applies the difference to every
    /// later signed timestamp. A 50102 (timestamp expired) answer triggers this once per call automatically.
    /// </summary>
    public async Task<OkxResult<TimeSpan>> SyncClockAsync(CancellationToken cancellationToken)
    {
        var measured = await MeasureClockAsync(1, cancellationToken);
        return measured.IsSuccess ? OkxResults.Ok(measured.Value.Offset) : OkxResults.Fail<TimeSpan>(measured.Error!);
    }

    /// <summary>
    /// Measures the clock skew over several round trips (<see cref="OkxClockSkew"/>: slow samples ignored, the fastest
    /// counts) and applies it to every later signed timestamp.
    /// </summary>
    public async Task<OkxResult<OkxClockSkew>> MeasureClockAsync(int samples, CancellationToken cancellationToken)
    {
        var measured = await OkxClockSkew.MeasureAsync(
            async ct =>
            {
                var server = await GetServerTimeAsync(ct);
                return server.IsSuccess ? OkxResults.Ok(server.Value.Time) : OkxResults.Fail<DateTimeOffset>(server.Error!);
            },
            _time,
            samples,
            cancellationToken);
        if (measured.IsSuccess)
        {
            Interlocked.Exchange(ref _clockOffsetTicks, measured.Value.Offset.Ticks);
            _logger.LogInformation("OKX clock synced: server is {OffsetMs} ms ahead of local time (round trip {RoundTripMs} ms, {Used} of {Samples} samples usable)",
                (long)measured.Value.Offset.TotalMilliseconds, (long)measured.Value.RoundTrip.TotalMilliseconds, measured.Value.Used, measured.Value.Samples);
        }
        return measured;
    }

    public void Dispose()
    {
        _breakerTracking.Dispose();
        if (_ownsLimiters)
        {
            _limiters.Dispose();
        }
    }

    private Task<OkxResult<T>> GetAsync<T>(
        OkxEndpoint endpoint,
        string? partition,
        OkxQuery query,
        Func<string, int, OkxResult<T>> parse,
        CancellationToken cancellationToken) =>
        SendAsync(endpoint, partition, query.ToString(), null, 1, parse, cancellationToken);

    private Task<OkxResult<T>> PostAsync<T>(
        OkxEndpoint endpoint,
        string? partition,
        string body,
        Func<string, int, OkxResult<T>> parse,
        CancellationToken cancellationToken,
        int permits = 1) =>
        SendAsync(endpoint, partition, string.Empty, body, permits, parse, cancellationToken);

    private async Task<OkxResult<T>> SendAsync<T>(
        OkxEndpoint endpoint,
        string? partition,
        string query,
        string? body,
        int permits,
        Func<string, int, OkxResult<T>> parse,
        CancellationToken cancellationToken)
    {
        if (endpoint.IsPrivate && _credentials is null)
        {
            return OkxResults.Fail<T>(new OkxError(
                "no-credentials",
                $"{endpoint} is a private OKX endpoint, but this client was created without API keys.",
                OkxErrorKind.MissingCredentials));
        }
        var requestPath = endpoint.Path + query;
        var clockResynced = false;
        var retries = 0;
        while (true)
        {
            if (!_breaker.AllowsRequest)
            {
                return OkxResults.Fail<T>(new OkxError(
                    "circuit-open",
                    $"OKX calls are paused for up to {_options.CircuitBreakerOpenDuration.TotalSeconds:0.#} s after repeated transient failures; {endpoint} was not sent.",
                    OkxErrorKind.CircuitOpen));
            }

            var acquiring = _limiters.AcquireAsync(endpoint, partition, permits, cancellationToken);
            var waitStarted = acquiring.IsCompleted ? (long?)null : _time.GetTimestamp();
            using (var lease = await acquiring)
            {
                if (waitStarted is { } waitedSince)
                {
                    RecordRateLimitWait(endpoint, _time.GetElapsedTime(waitedSince));
                }
                if (!lease.IsAcquired)
                {
                    return OkxResults.Fail<T>(new OkxError(
                        "local-rate-limit",
                        $"{endpoint}: {permits} permits exceed the OKX limit of {endpoint.PermitsPerWindow} per window.",
                        OkxErrorKind.RateLimited));
                }
            }

            if (endpoint.Method != HttpMethod.Get && MaySend is { } maySend && !maySend())
            {
                // Asked at the last moment, after the journal and the rate limiter and before every resend: a node whose
                // lease of the engine lapsed meanwhile sends nothing more for it (ADR-020).
                return OkxResults.Fail<T>(new OkxError(
                    "fenced",
                    $"{endpoint} was not sent: this node may no longer act for the engine (its lease has lapsed).",
                    OkxErrorKind.Rejected));
            }
            var result = await SendOnceAsync(endpoint, requestPath, body, parse, cancellationToken);
            if (result.IsSuccess)
            {
                _breaker.RecordSuccess();
                return result;
            }

            var error = result.Error!;
            if (error.Kind == OkxErrorKind.ClockSkew && !clockResynced)
            {
                // 50102 (timestamp expired) is refused at the gateway before anything happens, and 50036 (the expTime
                // deadline was already past on arrival) means the request was not processed either: resending after a
                // re-sync is safe even for orders, and the resend carries a fresh deadline.
                clockResynced = true;
                _logger.LogWarning("OKX {Endpoint} refused our timestamp or deadline ({Code}); re-syncing the clock and retrying once", endpoint, error.Code);
                var sync = await SyncClockAsync(cancellationToken);
                if (!sync.IsSuccess)
                {
                    return OkxResults.Fail<T>(error);
                }
                continue;
            }

            if (!endpoint.IsIdempotent && error.Kind is OkxErrorKind.ExchangeBusy or OkxErrorKind.InvalidResponse)
            {
                // A busy, 5xx or unreadable answer to an order placement or amend does not prove the order was not
                // taken: the caller must look it up by client id before sending anything again.
                error = error with { Kind = OkxErrorKind.OutcomeUnknown };
            }

            if (error.Kind is OkxErrorKind.ExchangeBusy or OkxErrorKind.OutcomeUnknown or OkxErrorKind.Expired)
            {
                _breaker.RecordFailure();
            }
            else if (error.Kind != OkxErrorKind.RateLimited)
            {
                // A business rejection is a healthy exchange answering.
                _breaker.RecordSuccess();
            }

            // Which failures are retried:
            // - rate limited (50011/50040/50061, HTTP 429): OKX did not accept the request, so resending is safe for every
            //   endpoint, including placing an order;
            // - busy, 5xx, timeouts and network errors: only for idempotent requests (GETs, cancels, absolute settings).
            //   A place or amend that ends this way returns OutcomeUnknown and is never resent here.
            // An expired place or amend (50037) was not executed either, but is returned to the caller, which may send it
            // again (with a fresh deadline): a path slow enough to miss one deadline would likely miss the next.
            // Every resend gets a fresh expTime deadline (SendOnceAsync sets it per request).
            var retryable = error.Kind == OkxErrorKind.RateLimited
                || (endpoint.IsIdempotent && error.Kind is OkxErrorKind.ExchangeBusy or OkxErrorKind.OutcomeUnknown);
            if (!retryable || retries >= _options.MaxRetries)
            {
                return OkxResults.Fail<T>(error);
            }
            var delay = _retry.DelayFor(retries);
            retries++;
            _logger.LogInformation(
                "OKX {Endpoint} failed with {Code} ({Kind}); retry {Retry}/{MaxRetries} in {DelayMs} ms",
                endpoint,
                error.Code,
                error.Kind,
                retries,
                _options.MaxRetries,
                (long)delay.TotalMilliseconds);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Asked right before every request that changes something (not a GET) is sent, and before each resend; false refuses
    /// it unsent. A cluster node sets it to its lease check of the engine this client trades for (ADR-020).
    /// </summary>
    public Func<bool>? MaySend { get; set; }

    private async Task<OkxResult<T>> SendOnceAsync<T>(
        OkxEndpoint endpoint,
        string requestPath,
        string? body,
        Func<string, int, OkxResult<T>> parse,
        CancellationToken cancellationToken)
    {
        var uri = new Uri(_options.RestBaseUrl, requestPath);
        var sentPath = uri.PathAndQuery;
        using var request = new HttpRequestMessage(endpoint.Method, uri);
        if (body is not null)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.ContentType = new MediaTypeHeaderValue(JsonMediaType);
            request.Content = content;
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        var serverNow = _time.GetUtcNow() + ClockOffset;
        var expiresAt = AddExpTime(request, endpoint, serverNow);
        if (_credentials is not null)
        {
            if (endpoint.IsPrivate)
            {
                var timestamp = OkxSigner.FormatTimestamp(serverNow);
                request.Headers.Add("OK-ACCESS-KEY", _credentials.ApiKey);
                request.Headers.Add("OK-ACCESS-SIGN", OkxSigner.SignRest(_credentials.SecretKey, timestamp, endpoint.Method.Method, sentPath, body));
                request.Headers.Add("OK-ACCESS-TIMESTAMP", timestamp);
                request.Headers.Add("OK-ACCESS-PASSPHRASE", _credentials.Passphrase);
            }
            if (_credentials.IsDemo)
            {
                // Demo keys see the demo universe, which differs from production, so public calls carry the header too.
                request.Headers.Add("x-simulated-trading", "1");
            }
        }

        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _time.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            var status = (int)response.StatusCode;
            var result = WithDeadline(parse(text, status), expiresAt);
            RecordRequest(endpoint, _time.GetElapsedTime(started), result.Error is { } failed ? MetricLabels.Of(failed.Kind) : null);
            var elapsed = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            if (result.IsSuccess)
            {
                _logger.LogDebug("OKX {Method} {Path} -> HTTP {Status} in {ElapsedMs} ms", endpoint.Method, sentPath, status, elapsed);
            }
            else
            {
                _logger.LogWarning(
                    "OKX {Method} {Path} -> HTTP {Status} code {Code} ({Kind}) in {ElapsedMs} ms: {Message}",
                    endpoint.Method,
                    sentPath,
                    status,
                    result.Error!.Code,
                    result.Error.Kind,
                    elapsed,
                    result.Error.Message);
            }
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return WithDeadline(Unanswered<T>(endpoint, sentPath, started, "timeout", $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s"), expiresAt);
        }
        catch (HttpRequestException ex)
        {
            return WithDeadline(Unanswered<T>(endpoint, sentPath, started, "network", ex.Message), expiresAt);
        }
    }

    private OkxResult<T> Unanswered<T>(OkxEndpoint endpoint, string sentPath, long started, string code, string reason)
    {
        RecordRequest(endpoint, _time.GetElapsedTime(started), code);
        var elapsed = (long)_time.GetElapsedTime(started).TotalMilliseconds;
        _logger.LogWarning("OKX {Method} {Path} -> {Code} after {ElapsedMs} ms: {Reason}", endpoint.Method, sentPath, code, elapsed, reason);
        var message = endpoint.IsIdempotent
            ? $"{endpoint}: {reason}."
            : $"{endpoint}: {reason}; the request may have been executed - look the order up by its client id before resending.";
        return OkxResults.Fail<T>(new OkxError(code, message, OkxErrorKind.OutcomeUnknown));
    }
}
