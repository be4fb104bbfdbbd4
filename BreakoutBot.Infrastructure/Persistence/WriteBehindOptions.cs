using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary><c>Database:WriteBehind</c>: the bounded queues between the engines (and the audit log) and the database.</summary>
public sealed class WriteBehindOptions
{
    public const string SectionName = "Database:WriteBehind";

    /// <summary>Events held in memory before new ones are dropped (and counted, and logged).</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Most events written in one transaction.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a partly filled batch waits for more events before it is written.</summary>
    [Range(0, 60_000)]
    public int FlushIntervalMs { get; set; } = 200;

    public TimeSpan FlushInterval => TimeSpan.FromMilliseconds(FlushIntervalMs);

    /// <summary>
    /// Wait before the first retry of a batch the database could not take (locked, disk full, unreachable); each further
    /// retry waits twice as long, up to <see cref="RetryMaxDelayMs"/>. The batch is kept until it is written.
    /// </summary>
    [Range(1, 60_000)]
    public int RetryBaseDelayMs { get; set; } = 200;

    /// <summary>Longest wait between two retries of a batch while the database stays unavailable.</summary>
    [Range(1, 600_000)]
    public int RetryMaxDelayMs { get; set; } = 30_000;

    /// <summary>The wait before retry number <paramref name="attempt"/> (1 = the first retry).</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(RetryBaseDelayMs * factor, RetryMaxDelayMs));
    }
}
