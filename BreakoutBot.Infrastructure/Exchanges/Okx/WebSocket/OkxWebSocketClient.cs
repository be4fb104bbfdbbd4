using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>
/// The OKX WebSocket façade: one <see cref="OkxWebSocketConnection"/> each for public, business and private, opened
/// lazily on the first subscription that needs it. <see cref="SubscribeAsync(IEnumerable{OkxSubscription}, CancellationToken)"/>
/// routes each channel to its path (<see cref="OkxChannelRouter"/>). All connections publish to one
/// <see cref="OkxEventHub"/>, so a listener sees pushes, errors and (re)connects of every path; each event names its
/// endpoint. With demo credentials every path uses <see cref="OkxOptions.WsDemoBaseUrl"/>. The private path always
/// logs in; the business path logs in when credentials are given (needed for orders-algo, harmless for candles).
/// </summary>
public sealed class OkxWebSocketClient : IAsyncDisposable
{
    private readonly OkxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly OkxCredentials? _credentials;
    private readonly OkxEventHub _hub = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<OkxWebSocketEndpoint, OkxWebSocketConnection> _connections = [];
    private bool _disposed;

    public OkxWebSocketClient(OkxOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory, OkxCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _time = timeProvider;
        _loggerFactory = loggerFactory;
        _credentials = credentials;
    }

    /// <summary>True when the client talks to OKX demo trading.</summary>
    public bool IsDemo => _credentials?.IsDemo ?? false;

    /// <summary>
    /// OKX's clock minus this computer's (the REST client's measured <c>ClockOffset</c>), read at every login, so a
    /// login's timestamp is on OKX's clock like a signed REST request's; null: the local clock as it is.
    /// </summary>
    public Func<TimeSpan>? ServerClockOffset { get; init; }

    /// <summary>The hub shared by all three connections.</summary>
    public OkxEventHub Events => _hub;

    /// <summary>Starts listening to the events of every connection through a bounded queue.</summary>
    public OkxEventSubscription Listen(int capacity = OkxEventHub.DefaultCapacity) => _hub.Subscribe(capacity);

    public Task SubscribeAsync(OkxSubscription subscription, CancellationToken cancellationToken) =>
        SubscribeAsync([subscription], cancellationToken);

    /// <summary>Subscribes each channel on its own path, opening that connection if needed.</summary>
    /// <exception cref="InvalidOperationException">A channel needs a login and the client has no credentials.</exception>
    public async Task SubscribeAsync(IEnumerable<OkxSubscription> subscriptions, CancellationToken cancellationToken)
    {
        foreach (var group in Route(subscriptions))
        {
            await GetOrCreate(group.Key).SubscribeAsync(group, cancellationToken);
        }
    }

    /// <summary>Unsubscribes channels on the paths that carry them.</summary>
    public async Task UnsubscribeAsync(IEnumerable<OkxSubscription> subscriptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        foreach (var group in subscriptions.GroupBy(s => OkxChannelRouter.EndpointOf(s.Channel)))
        {
            var connection = GetConnection(group.Key);
            if (connection is not null)
            {
                await connection.UnsubscribeAsync(group, cancellationToken);
            }
        }
    }

    /// <summary>Opens one path now and waits until it is ready (e.g. the private path before trading).</summary>
    public Task ConnectAsync(OkxWebSocketEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (endpoint == OkxWebSocketEndpoint.Private && _credentials is null)
        {
            throw new InvalidOperationException("The OKX private WebSocket needs API credentials.");
        }
        return GetOrCreate(endpoint).ConnectAsync(cancellationToken);
    }

    /// <summary>The connection of a path, or null while nothing has opened it.</summary>
    public OkxWebSocketConnection? GetConnection(OkxWebSocketEndpoint endpoint)
    {
        lock (_gate)
        {
            return _connections.GetValueOrDefault(endpoint);
        }
    }

    /// <summary>Health of every opened connection, for the dashboard.</summary>
    public IReadOnlyList<OkxWebSocketStats> GetStats()
    {
        lock (_gate)
        {
            return [.. _connections.Values.OrderBy(c => c.Endpoint).Select(c => c.GetStats())];
        }
    }

    public async ValueTask DisposeAsync()
    {
        OkxWebSocketConnection[] connections;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            connections = [.. _connections.Values];
        }
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
        _hub.CompleteAll();
    }

    private List<IGrouping<OkxWebSocketEndpoint, OkxSubscription>> Route(IEnumerable<OkxSubscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var list = subscriptions.ToList();
        foreach (var subscription in list)
        {
            ArgumentNullException.ThrowIfNull(subscription);
            if (_credentials is null && OkxChannelRouter.RequiresLogin(subscription.Channel))
            {
                throw new InvalidOperationException($"The OKX channel '{subscription.Channel}' needs a login, and no API credentials were given.");
            }
        }
        return [.. list.GroupBy(s => OkxChannelRouter.EndpointOf(s.Channel))];
    }

    private OkxWebSocketConnection GetOrCreate(OkxWebSocketEndpoint endpoint)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_connections.TryGetValue(endpoint, out var connection))
            {
                var login = endpoint == OkxWebSocketEndpoint.Public ? null : _credentials;
                connection = new OkxWebSocketConnection(
                    endpoint,
                    OkxChannelRouter.BuildUrl(_options, endpoint, IsDemo),
                    _options,
                    _time,
                    _loggerFactory.CreateLogger<OkxWebSocketConnection>(),
                    login,
                    _hub)
                {
                    ServerClockOffset = ServerClockOffset,
                };
                _connections.Add(endpoint, connection);
            }
            return connection;
        }
    }
}
