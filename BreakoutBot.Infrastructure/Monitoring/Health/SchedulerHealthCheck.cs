using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Infrastructure.Engines;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;

namespace BreakoutBot.Infrastructure.Monitoring.Health;

/// <summary>
/// Readiness: Quartz is running, and every engine's cycle job ran within <see cref="HealthOptions.CycleStaleAfterSeconds"/>
/// (an engine younger than that may not have run yet).
/// </summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory schedulers, EngineRegistry registry, TimeProvider time, IOptions<HealthOptions> options) : IHealthCheck
{
    public const string Name = "scheduler";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (scheduler.Status != SchedulerStatus.Running)
        {
            return HealthCheckResult.Unhealthy($"The Quartz scheduler is not running ({scheduler.Status}).");
        }
        var now = time.GetUtcNow();
        var staleAfter = TimeSpan.FromSeconds(options.Value.CycleStaleAfterSeconds);
        var late = registry.ListAll()
            .Where(h => (h.LastJobRunAt ?? h.CreatedAt) < now - staleAfter)
            .Select(h => h.Id)
            .ToList();
        var engines = registry.ListAll().Count;
        return late.Count == 0
            ? HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"Quartz is running; the cycle {(engines == 1 ? "job of the engine" : $"jobs of all {engines} engines")} ran within {staleAfter.TotalSeconds:0} s."))
            : HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture,
                $"Quartz is running, but the cycle job of {late.Count} of {Counted.Of(engines, "engine")} has not run for {staleAfter.TotalSeconds:0} s: {string.Join(", ", late)}."));
    }
}
