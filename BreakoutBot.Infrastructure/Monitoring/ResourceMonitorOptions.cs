using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.Monitoring;

/// <summary>
/// Resource monitor (section <c>Monitoring</c>): sampling interval and the original bot's thresholds in percent
/// (CPU warn 70 / max 80, memory warn 75 / max 85, disk warn 80 / max 90). At or above "warn" is a warning, at or above
/// "max" is critical.
/// </summary>
public sealed class ResourceMonitorOptions
{
    public const string SectionName = "Monitoring";

    [Range(1, 3600)]
    public int IntervalSeconds { get; set; } = 5;

    [Range(1, 100)]
    public double CpuWarnPercent { get; set; } = 70;

    [Range(1, 100)]
    public double CpuMaxPercent { get; set; } = 80;

    [Range(1, 100)]
    public double MemoryWarnPercent { get; set; } = 75;

    [Range(1, 100)]
    public double MemoryMaxPercent { get; set; } = 85;

    [Range(1, 100)]
    public double DiskWarnPercent { get; set; } = 80;

    [Range(1, 100)]
    public double DiskMaxPercent { get; set; } = 90;

    public static ResourceLevel Classify(double percent, double warn, double max) =>
        percent >= max ? ResourceLevel.Critical : percent >= warn ? ResourceLevel.Warning : ResourceLevel.Ok;
}
