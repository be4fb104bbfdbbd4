using BreakoutBot.Domain.Common;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Okx.Live;
using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BreakoutBot.Infrastructure.Monitoring.Health;

/// <summary>
/// Readiness: every running engine on live OKX data has all its WebSocket connections up (read from the connection
/// state the feed keeps; nothing is sent to OKX). Replay engines trade on a simulated account and count as connected.
/// </summary>
public sealed class ExchangeHealthCheck(EngineRegistry registry) : IHealthCheck
{
    public const string Name = "exchange";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var live = registry.ListAll().Where(h => h.IsRunning && h.Market is LiveEngineMarket).ToList();
        var down = live
            .Where(h => h.Market is LiveEngineMarket m && (m.SocketStats.Count == 0 || m.SocketStats.Any(s => s.State != OkxConnectionState.Connected)))
            .Select(h => h.Id)
            .ToList();
        var result = down.Count == 0
            ? HealthCheckResult.Healthy(live.Count == 0
                ? "No running engine trades on live OKX data (replay engines count as connected)."
                : live.Count == 1 ? "The running live engine is connected to OKX." : $"All {live.Count} running live engines are connected to OKX.")
            : HealthCheckResult.Unhealthy($"{down.Count} of {Counted.Of(live.Count, "running live engine")} {(down.Count == 1 ? "is" : "are")} not connected to OKX: {string.Join(", ", down)}.");
        return Task.FromResult(result);
    }
}
