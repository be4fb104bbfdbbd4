using BreakoutBot.Infrastructure.Engines;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace BreakoutBot.Infrastructure.Scheduling;

/// <summary>
/// Keeps one <see cref="EngineCycleJob"/> per engine in the Quartz scheduler: scheduled when an engine is created (and
/// for the engines that exist at start-up), deleted when it is removed.
/// </summary>
public sealed partial class EngineJobScheduler(EngineRegistry registry, ISchedulerFactory schedulers, TimeProvider time, ILogger<EngineJobScheduler> logger) : IHostedService, IDisposable
{
    private IDisposable? _subscription;
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _scheduler = await schedulers.GetScheduler(cancellationToken);
        _subscription = registry.Subscribe(OnChange);
        foreach (var handle in registry.ListAll())
        {
            await ScheduleAsync(handle.Id, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _subscription = null;
        return Task.CompletedTask;
    }

    public void Dispose() => _subscription?.Dispose();

    private void OnChange(EngineRegistryChange change)
    {
        var id = change.Handle.Id;
        if (change.Added)
        {
            change.Handle.Market.ExchangeActivity += () => _ = RunSoonAsync(id);
        }
        _ = change.Added ? ScheduleAsync(id, CancellationToken.None) : UnscheduleAsync(id);
    }

    /// <summary>Brings the engine's next cycle forward to now (a pushed order change); a cycle already due soon is left alone.</summary>
    private async Task RunSoonAsync(string engineId)
    {
        var scheduler = _scheduler;
        if (scheduler is null)
        {
            return;
        }
        try
        {
            var now = time.GetUtcNow();
            var trigger = await scheduler.GetTrigger(EngineCycleJob.TriggerKeyFor(engineId));
            if (trigger?.NextFireTimeUtc is { } next && next - now > TimeSpan.FromMilliseconds(250))
            {
                await scheduler.RescheduleJob(trigger.Key, EngineCycleJob.TriggerAt(engineId, now));
            }
        }
        catch (Exception ex) when (ex is SchedulerException or ObjectDisposedException)
        {
            LogScheduleFailed(logger, ex, engineId);
        }
    }

    private async Task ScheduleAsync(string engineId, CancellationToken cancellationToken)
    {
        var scheduler = _scheduler;
        if (scheduler is null)
        {
            return;
        }
        try
        {
            if (await scheduler.Exists(EngineCycleJob.KeyFor(engineId), cancellationToken))
            {
                return;
            }
            await scheduler.ScheduleJob(EngineCycleJob.Detail(engineId), EngineCycleJob.TriggerAt(engineId, time.GetUtcNow()), new ScheduleJobOptions { Replace = true }, cancellationToken);
            LogScheduled(logger, engineId);
        }
        catch (Exception ex) when (ex is SchedulerException or ObjectDisposedException)
        {
            LogScheduleFailed(logger, ex, engineId);
        }
    }

    private async Task UnscheduleAsync(string engineId)
    {
        var scheduler = _scheduler;
        if (scheduler is null)
        {
            return;
        }
        try
        {
            await scheduler.DeleteJob(EngineCycleJob.KeyFor(engineId), CancellationToken.None);
        }
        catch (Exception ex) when (ex is SchedulerException or ObjectDisposedException)
        {
            LogScheduleFailed(logger, ex, engineId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cycle job scheduled for engine {EngineId}.")]
    private static partial void LogScheduled(ILogger logger, string engineId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not (un)schedule the cycle job of engine {EngineId}.")]
    private static partial void LogScheduleFailed(ILogger logger, Exception exception, string engineId);
}
