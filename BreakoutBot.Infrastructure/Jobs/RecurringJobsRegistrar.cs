using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>Registers the daily retention job at start-up (a bad cron expression stops the start, naming the setting).</summary>
public sealed class RecurringJobsRegistrar(IRecurringJobManager manager, IOptions<JobsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var cron = options.Value.RetentionCron;
        try
        {
            manager.AddOrUpdate<RetentionJob>(
                RetentionJob.RecurringId,
                j => j.RunScheduledAsync(CancellationToken.None),
                cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        catch (ArgumentException e) when (e.ParamName == "cronExpression")
        {
            throw new InvalidOperationException(
                $"{JobsOptions.SectionName}:{nameof(JobsOptions.RetentionCron)} '{cron}' is not a cron expression " +
                $"(five fields, UTC, e.g. '0 3 * * *'): {e.InnerException?.Message ?? e.Message}", e);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
