namespace BreakoutBot.Infrastructure.Monitoring.Metrics;

/// <summary>Records one background job run for <see cref="BotMetrics.JobDuration"/>.</summary>
public static class JobMetrics
{
    /// <param name="scheduler">"quartz" or "hangfire".</param>
    /// <param name="job">The job's type name (bounded; never its key or arguments).</param>
    public static void Record(string scheduler, string job, bool succeeded, TimeSpan duration) =>
        BotMetrics.JobDuration.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>("scheduler", scheduler),
            new KeyValuePair<string, object?>("job", job),
            new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));
}
