using StackExchange.Redis;

namespace BreakoutBot.Web.Hubs;

/// <summary>
/// This node's one connection to the cluster's Redis for its own uses: the backplane's health check and the session
/// revocation relay share it (SignalR's backplane keeps its own). Opened on first use with
/// <c>AbortOnConnectFail</c> off, so a Redis that is down does not fail the caller: the connection keeps trying in the
/// background. It carries a client name unique to the node (<see cref="ClientName"/>; SignalR's connections carry the same
/// name with <see cref="SignalRSuffix"/>, so Redis' <c>CLIENT LIST</c> shows whose each connection is); the configuration
/// string, which may hold a password, is never logged or reported.
/// </summary>
public sealed class ClusterRedis(string configuration, string clientName) : IAsyncDisposable
{
    /// <summary>Appended to the node's client name on the connections of SignalR's backplane.</summary>
    public const string SignalRSuffix = "-signalr";

    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    /// <summary>The name this node's connection gives Redis.</summary>
    public string ClientName { get; } = clientName;

    /// <summary>
    /// A client name for a new node: the portal's prefix, the node's id (<c>Cluster:NodeId</c>, so an operator reading
    /// <c>CLIENT LIST</c> sees which node a connection is; characters Redis does not allow in a name become <c>_</c>) and
    /// a random part, so two nodes given the same id, or two portals in one test process, still tell theirs apart.
    /// </summary>
    public static string NewClientName(string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        var node = new string([.. nodeId.Take(60).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        return $"breakoutbot-{node}-{Guid.NewGuid().ToString("N")[..6]}";
    }

    public async Task<IConnectionMultiplexer> ConnectAsync()
    {
        if (_connection is { } ready)
        {
            return ready;
        }
        await _connecting.WaitAsync();
        try
        {
            if (_connection is null)
            {
                var options = ConfigurationOptions.Parse(configuration);
                options.AbortOnConnectFail = false;
                options.ClientName = ClientName;
                _connection = await ConnectionMultiplexer.ConnectAsync(options);
            }
            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _connecting.Dispose();
    }
}
