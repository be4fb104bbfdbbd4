namespace BreakoutBot.Infrastructure.Monitoring;

/// <summary>One sample of the portal's resources. Percentages are 0..100; sizes in bytes; null = not measurable here.</summary>
public sealed record ResourceSnapshot
{
    public DateTimeOffset Time { get; init; }

    public double CpuPercent { get; init; }

    public ResourceLevel CpuLevel { get; init; }

    public long WorkingSetBytes { get; init; }

    public long GcHeapBytes { get; init; }

    public long TotalMemoryBytes { get; init; }

    /// <summary>Working set as a share of the memory available to the process.</summary>
    public double MemoryPercent { get; init; }

    public ResourceLevel MemoryLevel { get; init; }

    public long? DiskFreeBytes { get; init; }

    public long? DiskTotalBytes { get; init; }

    public double? DiskUsedPercent { get; init; }

    public ResourceLevel DiskLevel { get; init; }

    public int ThreadCount { get; init; }

    public long? DatabaseSizeBytes { get; init; }

    public int WriteQueueDepth { get; init; }

    public int WriteQueueCapacity { get; init; }

    public long WriteQueueDropped { get; init; }

    public long WriteQueueWritten { get; init; }

    public JobCounts? HangfireJobs { get; init; }

    public int? QuartzJobCount { get; init; }

    public string? Error { get; init; }

    public ResourceLevel Worst => (ResourceLevel)Math.Max((int)CpuLevel, Math.Max((int)MemoryLevel, (int)DiskLevel));
}
