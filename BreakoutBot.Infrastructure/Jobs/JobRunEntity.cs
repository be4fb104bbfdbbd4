namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>Our durable record of one background job run (Hangfire's own storage is in memory by default).</summary>
public sealed class JobRunEntity
{
    public long Id { get; set; }

    /// <summary>The job's kind, e.g. <c>history-export</c>, <c>candle-import</c>, <c>retention</c>.</summary>
    public string Job { get; set; } = "";

    public string? HangfireJobId { get; set; }

    public string? RequestedBy { get; set; }

    public JobRunStatus Status { get; set; }

    /// <summary>0..100 while running; 100 when done.</summary>
    public int Progress { get; set; }

    public DateTimeOffset QueuedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>What the run did or why it failed.</summary>
    public string? Message { get; set; }

    /// <summary>The file written or read (exports and imports).</summary>
    public string? FilePath { get; set; }
}
