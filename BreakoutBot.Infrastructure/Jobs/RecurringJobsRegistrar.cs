using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>Registers the daily retention job at start-up (a bad cron expression stops the start).</summary>
public sealed class RecurringJobsRegistrar(IRecurringJobManager manager, IOptions<JobsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        manager.AddOrUpdate<RetentionJob>(
            RetentionJob.RecurringId,
            j => j.RunScheduledAsync(CancellationToken.None),
            options.Value.RetentionCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
