using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Engines;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Monitoring.Health;

/// <summary>
/// Readiness: the newest bar each trading engine sees is at most <see cref="HealthOptions.StaleAfterBars"/> bar intervals
/// old on the engine's own clock (the wall clock when live, the replay's clock for a replay). Read from the cached status.
/// </summary>
public sealed class DataFreshnessHealthCheck(EngineRegistry registry, IOptions<HealthOptions> options) : IHealthCheck
{
    public const string Name = "data_freshness";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var maxAge = Candle.Interval * options.Value.StaleAfterBars;
        var trading = registry.ListAll().Where(h => h.Status.State.IsTradingActive() && h.Status.LastBarTime is not null).ToList();
        var stale = trading
            .Select(h => (h.Id, Age: h.Market.Clock.GetUtcNow() - h.Status.LastBarTime!.Value))
            .Where(e => e.Age > maxAge)
            .ToList();
        var result = stale.Count == 0
            ? HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"The newest bar of each of {Counted.Of(trading.Count, "trading engine")} is at most {maxAge.TotalMinutes:0} min old."))
            : HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture,
                $"{stale.Count} of {Counted.Of(trading.Count, "trading engine")} {(stale.Count == 1 ? "sees" : "see")} no bar newer than {maxAge.TotalMinutes:0} min: {string.Join(", ", stale.Select(s => $"{s.Id} ({s.Age.TotalMinutes:0} min)"))}."));
        return Task.FromResult(result);
    }
}
