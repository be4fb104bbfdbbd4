using Quartz;

namespace BreakoutBot.Infrastructure.Monitoring.Metrics;

/// <summary>Times every Quartz job run (engine cycles, the status cache refresh) by job type and outcome; the job key (an engine id) is not a label.</summary>
public sealed class QuartzJobMetricsListener : IJobListener
{
    public string Name => "metrics";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        JobMetrics.Record("quartz", context.JobDetail.JobType.Type.Name, jobException is null, context.JobRunTime);
        return ValueTask.CompletedTask;
    }
}
