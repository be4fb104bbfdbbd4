namespace BreakoutBot.Infrastructure.Monitoring;

/// <summary>Hangfire's job counters (null when Hangfire is not running).</summary>
public sealed record JobCounts(long Enqueued, long Processing, long Scheduled, long Succeeded, long Failed, long Recurring, int Servers);
