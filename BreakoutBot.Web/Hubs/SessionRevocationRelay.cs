using BreakoutBot.Infrastructure.Identity;
using StackExchange.Redis;

namespace BreakoutBot.Web.Hubs;

/// <summary>
/// On a cluster (<c>Cluster:RedisConfiguration</c> set), sends the ids of users whose sessions this node ended (log-out,
/// password change, lock, role change, a revoked token) to the other nodes over a Redis channel, and ends the sessions
/// of the users the other nodes name here, so an open live-event connection or tab on another node is checked at once
/// instead of at its next periodic check (ADR-012). The message is the sending node's id and the user's id, nothing
/// secret. A node started while Redis is down subscribes once it is up; while it is unreachable the periodic check
/// (<c>Sessions:RecheckSeconds</c>) bounds the delay.
/// </summary>
public sealed class SessionRevocationRelay(ClusterRedis cluster, SessionRevocations revocations, ILogger<SessionRevocationRelay> logger) : IHostedService, IDisposable
{
    /// <summary>The Redis channel, under the portal's prefix so other apps can share the server.</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal(EnginePushBackplane.ChannelPrefix + ":session-revocations");

    private readonly string _node = Guid.NewGuid().ToString("N");
    private IConnectionMultiplexer? _redis;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        revocations.Ended += Publish;
        try
        {
            // The node's shared connection (ClusterRedis owns and closes it). With Redis down the subscription is kept by
            // the client library and made once Redis is up.
            _redis = await cluster.ConnectAsync();
            await _redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Received(message));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The portal starts anyway (the backplane's health check reports Redis); the periodic check bounds the delay.
            logger.LogWarning(ex, "Session revocations are not relayed between nodes: Redis could not be subscribed to.");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        revocations.Ended -= Publish;
        if (_redis is null)
        {
            return;
        }
        try
        {
            await _redis.GetSubscriber().UnsubscribeAsync(Channel);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug(ex, "The session revocation channel could not be left; the node's connection closes with it.");
        }
    }

    public void Dispose() => revocations.Ended -= Publish;

    private void Publish(string userId)
    {
        if (_redis is null)
        {
            return;
        }
        _ = PublishAsync(_redis, _node + "|" + userId, userId);
    }

    private async Task PublishAsync(IConnectionMultiplexer redis, string message, string userId)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning(ex, "The other nodes were not told that the sessions of user {UserId} ended; they check at their next periodic check.", userId);
        }
    }

    private void Received(RedisValue message)
    {
        var text = (string?)message;
        var bar = text?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        if (bar <= 0 || text![..bar] == _node)
        {
            return;
        }
        revocations.RevokeFromPeer(text[(bar + 1)..]);
    }
}
