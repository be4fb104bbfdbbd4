using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace BreakoutBot.Web.Hubs;

/// <summary>
/// Readiness of the SignalR Redis backplane (registered only when one is configured): a PING over this check's own
/// connection, so <c>/health/ready</c> and <c>/admin/health</c> say whether events of engines on other nodes can reach
/// this node's clients. The configuration string is never reported (it may hold a password).
/// </summary>
public sealed class BackplaneHealthCheck(string configuration) : IHealthCheck, IAsyncDisposable
{
    public const string Name = "backplane";
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await ConnectAsync();
            var latency = await connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return HealthCheckResult.Healthy($"Redis backplane answers in {latency.TotalMilliseconds:0.0} ms.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            return HealthCheckResult.Unhealthy($"Redis backplane not reachable ({ex.GetType().Name}): events of engines on other nodes do not reach this node's clients.");
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
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
                options.ConnectTimeout = 2000;
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
