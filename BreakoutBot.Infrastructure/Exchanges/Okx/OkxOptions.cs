namespace BreakoutBot.Infrastructure.Exchanges.Okx;

/// <summary>
/// Where the OKX client connects (configuration section <c>Okx</c>). Tests point both URLs at the fake OKX server;
/// regional hosts (EEA, US) are a configuration change.
/// </summary>
public sealed class OkxOptions
{
    public const string SectionName = "Okx";

    /// <summary>REST host, without a trailing path. Demo trading uses the same host plus a header.</summary>
    public Uri RestBaseUrl { get; set; } = new("https://www.okx.com");

    /// <summary>WebSocket host for live keys and public data; the client appends <c>/ws/v5/public|private|business</c>.</summary>
    public Uri WsBaseUrl { get; set; } = new("wss://ws.okx.com:8443");

    /// <summary>WebSocket host for demo trading keys.</summary>
    public Uri WsDemoBaseUrl { get; set; } = new("wss://wspap.okx.com:8443");

    /// <summary>Time allowed for one REST call before it counts as a timeout (outcome unknown for orders).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long after it is sent an order placement or amend may still be executed by OKX: the request carries the
    /// deadline in the <c>expTime</c> header (server time), and OKX refuses it unexecuted after that. Positive and not
    /// longer than <see cref="RequestTimeout"/>, so a request the client gave up on has already expired at OKX, or soon
    /// will: before a placement with no answer is sent again, the client waits until its deadline has passed.
    /// </summary>
    public TimeSpan OrderRequestExpiry { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a transient failure (rate limit, busy, 5xx, timeout) is retried.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The window OKX counts REST rate limits over (2 s); tests shrink it to stay fast.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Transient REST failures (busy, 5xx, timeouts) in a row that open the client's circuit breaker.</summary>
    public int CircuitBreakerFailureThreshold { get; set; } = 5;

    /// <summary>How long an open circuit makes REST calls fail fast before a trial call is let through.</summary>
    public TimeSpan CircuitBreakerOpenDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>OKX closes a WebSocket that has carried no data for this long (close code 4004).</summary>
    public static readonly TimeSpan OkxIdleLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Every WebSocket (public, business, private) sends a text <c>ping</c> after this much silence, i.e. when no
    /// message has arrived for this long. Must be positive and under OKX's 30 s idle limit.
    /// </summary>
    public TimeSpan WsPingInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long to wait for <c>pong</c> before treating the socket as dead and reconnecting (positive, under 30 s).</summary>
    public TimeSpan WsPongTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay between reconnect attempts.</summary>
    public TimeSpan WsMaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First reconnect delay (with jitter); doubles per failed attempt up to <see cref="WsMaxReconnectDelay"/>.</summary>
    public TimeSpan WsReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time allowed to open a socket, log in and get the login answer before the attempt counts as failed.</summary>
    public TimeSpan WsConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a running engine that trades on an OKX account compares its positions and orders with the account
    /// between cycles (besides at start, resume, restart and reconnect), so a liquidation, an auto-deleverage or a trade
    /// made by hand is seen within this long; zero turns it off.
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad WebSocket keep-alive setting.</summary>
    public void ValidateKeepAlive()
    {
        if (WsPingInterval <= TimeSpan.Zero || WsPingInterval >= OkxIdleLimit)
        {
            throw new ArgumentException($"{SectionName}:{nameof(WsPingInterval)} must be positive and under OKX's 30 s idle limit.", nameof(WsPingInterval));
        }
        if (WsPongTimeout <= TimeSpan.Zero || WsPongTimeout >= OkxIdleLimit)
        {
            throw new ArgumentException($"{SectionName}:{nameof(WsPongTimeout)} must be positive and under 30 s.", nameof(WsPongTimeout));
        }
    }
}
