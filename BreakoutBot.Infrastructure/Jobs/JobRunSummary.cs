namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>A job run as shown on the health and history pages.</summary>
public sealed record JobRunSummary(
    long Id,
    string Job,
    JobRunStatus Status,
    int Progress,
    string? RequestedBy,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Message,
    string? FilePath);
