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

    /// <summary>Events taken from the queue and not written yet (a batch held for a retry while the database is unavailable).</summary>
    public int WriteQueueHeld { get; init; }

    /// <summary>Events the database refused as bad in themselves (not retried).</summary>
    public long WriteQueueFailed { get; init; }

    /// <summary>Writes retried because the database could not take them (locked, full, unreachable), since start.</summary>
    public long WriteQueueRetries { get; init; }

    /// <summary>Why the database refuses the engine's writes right now; null while writes succeed.</summary>
    public string? WriteError { get; init; }

    /// <summary>Events not yet in the database: queued plus held for a retry.</summary>
    public int WriteQueuePending => WriteQueueDepth + WriteQueueHeld;

    /// <summary>Engine events are being lost or not stored: the database refuses writes, or the queue dropped or refused events.</summary>
    public bool WriteAlarm => WriteError is not null || WriteQueueDropped > 0 || WriteQueueFailed > 0;

    public JobCounts? HangfireJobs { get; init; }

    public int? QuartzJobCount { get; init; }

    public string? Error { get; init; }

    public ResourceLevel Worst => (ResourceLevel)Math.Max((int)CpuLevel, Math.Max((int)MemoryLevel, (int)DiskLevel));
}
