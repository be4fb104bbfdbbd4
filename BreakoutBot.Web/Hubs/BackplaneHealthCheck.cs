using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace BreakoutBot.Web.Hubs;

/// <summary>
/// Readiness of the SignalR Redis backplane (registered only when one is configured): a PING over the node's own Redis
/// connection (<see cref="ClusterRedis"/>), so <c>/health/ready</c> and <c>/admin/health</c> say whether events of engines
/// on other nodes can reach this node's clients. The configuration string is never reported (it may hold a password).
/// </summary>
public sealed class BackplaneHealthCheck(ClusterRedis redis) : IHealthCheck
{
    public const string Name = "backplane";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await redis.ConnectAsync();
            var latency = await connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return HealthCheckResult.Healthy($"Redis backplane answers in {latency.TotalMilliseconds:0.0} ms.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            return HealthCheckResult.Unhealthy($"Redis backplane not reachable ({ex.GetType().Name}): events of engines on other nodes do not reach this node's clients.");
        }
    }
}
