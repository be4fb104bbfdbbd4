using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.Monitoring.Health;

/// <summary>Readiness thresholds (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>An engine whose cycle job has not run for this long means the scheduler is not firing it (jobs run every 0.5–5 s).</summary>
    [Range(5, 3600)]
    public int CycleStaleAfterSeconds { get; set; } = 60;

    /// <summary>A running engine whose newest bar is older than this many bar intervals (5 min each) has stale data.</summary>
    [Range(1, 1000)]
    public int StaleAfterBars { get; set; } = 3;
}
