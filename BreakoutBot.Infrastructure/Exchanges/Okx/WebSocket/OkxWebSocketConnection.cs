using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>
/// One self-healing OKX v5 WebSocket connection to one URL (public, business or private path).
/// <list type="bullet">
/// <item>Opens lazily on the first subscription (or <see cref="ConnectAsync"/>); with credentials it logs in and waits
/// for the login event before subscribing.</item>
/// <item>Keeps the set of subscriptions and sends all of them again after every reconnect, in batches of at most
/// <see cref="MaxArgsPerRequest"/> args that keep each request under OKX's 64 KB limit.</item>
/// <item>Keepalive per OKX: after <see cref="OkxOptions.WsPingInterval"/> with no message received it sends the text
/// <c>ping</c> and expects <c>pong</c> within <see cref="OkxOptions.WsPongTimeout"/>, else the socket counts as dead and
/// is replaced. All timing (keepalive, backoff, connect timeout) runs on the injected <see cref="TimeProvider"/>.</item>
/// <item>Reconnects with exponential backoff and jitter (capped at <see cref="OkxOptions.WsMaxReconnectDelay"/>) on a
/// drop, a close, an error or a missing pong; on notice 64008 it opens the new socket first, then drops the old one.</item>
/// <item>Accepts text and binary (gzip or deflate) frames.</item>
/// </list>
/// Delivery: every push, connection change and error goes to an <see cref="OkxEventHub"/>, which gives each listener its
/// own bounded channel and is written with <c>TryWrite</c> only, so no listener can stall the receive loop
/// (a full queue drops the event and counts it). Login frames, the sign and the secrets are never logged.
/// </summary>
public sealed partial class OkxWebSocketConnection : IAsyncDisposable
{
    /// <summary>Largest subscribe/unsubscribe request sent, in bytes; OKX allows 64 KB of args.</summary>
    internal const int MaxRequestBytes = 60 * 1024;

    /// <summary>
    /// Most args sent in one subscribe/unsubscribe request. OKX documents only the 64 KB size limit (and 480
    /// subscribe/unsubscribe/login requests per connection per hour), no count; 100 is a conservative cap that keeps a
    /// 300-instrument universe at 3 requests per channel per (re)connect.
    /// </summary>
    internal const int MaxArgsPerRequest = 100;

    private const int MaxMessageBytes = 16 * 1024 * 1024;
    private const int ReceiveBufferBytes = 16 * 1024;
    private const string UpgradeNoticeCode = "64008";

    private readonly OkxOptions _options;
    private readonly OkxCredentials? _credentials;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OkxEventHub _hub;
    private readonly bool _ownsHub;
    private readonly Lock _gate = new();
    private readonly HashSet<OkxSubscription> _subscriptions = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _supervisor;
    private Session? _active;
    private long _requestId;
    private int _disposed;

    private volatile OkxConnectionState _state = OkxConnectionState.Idle;
    private long _messagesReceived;
    private long _pingsSent;
    private long _reconnectCount;
    private long _lastMessageUtcTicks;
    private DateTimeOffset? _connectedSince;
    private TimeSpan? _lastReconnectDuration;
    private string? _lastDisconnectReason;

    /// <param name="endpoint">Which path <paramref name="url"/> is (stamped on every event).</param>
    /// <param name="url">The full socket URL, see <see cref="OkxChannelRouter.BuildUrl"/>.</param>
    /// <param name="options">Ping, pong, backoff and connect timings.</param>
    /// <param name="timeProvider">Clock for the login timestamp, keepalive and backoff.</param>
    /// <param name="logger">Connection log; never receives secrets.</param>
    /// <param name="credentials">When set, the connection logs in before subscribing.</param>
    /// <param name="hub">Where events go; a shared hub lets one listener follow several connections.</param>
    public OkxWebSocketConnection(
        OkxWebSocketEndpoint endpoint,
        Uri url,
        OkxOptions options,
        TimeProvider timeProvider,
        ILogger<OkxWebSocketConnection> logger,
        OkxCredentials? credentials = null,
        OkxEventHub? hub = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.ValidateKeepAlive();
        Endpoint = endpoint;
        Url = url;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _credentials = credentials;
        _ownsHub = hub is null;
        _hub = hub ?? new OkxEventHub();
    }

    public OkxWebSocketEndpoint Endpoint { get; }

    public Uri Url { get; }

    /// <summary>True when the connection logs in (it was given credentials).</summary>
    public bool LogsIn => _credentials is not null;

    /// <summary>OKX's clock minus the local one, added to the login timestamp (OKX refuses a login 30 s off its clock); null: none.</summary>
    public Func<TimeSpan>? ServerClockOffset { get; init; }

    public OkxConnectionState State => _state;

    /// <summary>The hub this connection publishes to.</summary>
    public OkxEventHub Events => _hub;

    /// <summary>The subscriptions that are (re)sent on every connect.</summary>
    public IReadOnlyCollection<OkxSubscription> Subscriptions
    {
        get
        {
            lock (_gate)
            {
                return [.. _subscriptions];
            }
        }
    }

    /// <summary>Starts listening to this connection's events through a bounded queue of <paramref name="capacity"/>.</summary>
    public OkxEventSubscription Listen(int capacity = OkxEventHub.DefaultCapacity) => _hub.Subscribe(capacity);

    public OkxWebSocketStats GetStats()
    {
        var lastTicks = Interlocked.Read(ref _lastMessageUtcTicks);
        lock (_gate)
        {
            return new OkxWebSocketStats(
                Endpoint,
                Url,
                _state,
                _connectedSince,
                lastTicks == 0 ? null : new DateTimeOffset(lastTicks, TimeSpan.Zero),
                Interlocked.Read(ref _messagesReceived),
                Interlocked.Read(ref _pingsSent),
                Interlocked.Read(ref _reconnectCount),
                _lastReconnectDuration,
                _lastDisconnectReason,
                _subscriptions.Count,
                _active?.ConfirmedCount ?? 0,
                _hub.DroppedCount);
        }
    }

    /// <summary>Starts the connection in the background (no-op when already started). It retries until disposed.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            if (_supervisor is not null)
            {
                return;
            }
            _state = OkxConnectionState.Connecting;
            _supervisor = Task.Run(() => SuperviseAsync(_stopping.Token));
        }
    }

    /// <summary>Starts the connection and waits until the first socket is ready (logged in, subscriptions sent).</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        Start();
        await _firstConnected.Task.WaitAsync(cancellationToken);
    }

    public Task SubscribeAsync(OkxSubscription subscription, CancellationToken cancellationToken) =>
        SubscribeAsync([subscription], cancellationToken);

    /// <summary>
    /// Adds subscriptions and starts the connection if needed. New ones are sent at once when a socket is ready, else
    /// on connect; the acks arrive asynchronously (errors come as <see cref="OkxErrorEvent"/>).
    /// </summary>
    public async Task SubscribeAsync(IEnumerable<OkxSubscription> subscriptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var added = new List<OkxSubscription>();
        Session? session;
        lock (_gate)
        {
            foreach (var subscription in subscriptions)
            {
                ArgumentNullException.ThrowIfNull(subscription);
                if (_subscriptions.Add(subscription))
                {
                    added.Add(subscription);
                }
            }
            session = _active;
        }
        Start();
        if (session is not null && added.Count > 0)
        {
            await TrySendArgsAsync(session, "subscribe", added, cancellationToken);
        }
    }

    /// <summary>Removes subscriptions; they are unsubscribed now when a socket is ready and not sent after reconnects.</summary>
    public async Task UnsubscribeAsync(IEnumerable<OkxSubscription> subscriptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var removed = new List<OkxSubscription>();
        Session? session;
        lock (_gate)
        {
            foreach (var subscription in subscriptions)
            {
                if (_subscriptions.Remove(subscription))
                {
                    removed.Add(subscription);
                }
            }
            session = _active;
        }
        if (session is not null && removed.Count > 0)
        {
            await TrySendArgsAsync(session, "unsubscribe", removed, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stopping.CancelAsync();
        Task? supervisor;
        lock (_gate)
        {
            supervisor = _supervisor;
        }
        if (supervisor is not null)
        {
            await supervisor;
        }
        _state = OkxConnectionState.Closed;
        _firstConnected.TrySetCanceled();
        if (_ownsHub)
        {
            _hub.CompleteAll();
        }
        _stopping.Dispose();
    }
}
