using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BreakoutBot.Infrastructure.Scheduling;

/// <summary>
/// One engine's cycle, keyed by engine id (one job per engine, never two runs of it at once): steps the engine's market
/// when due, runs the engine until it rests, and reschedules its own one-shot trigger after the delay the state asks for.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class EngineCycleJob(EngineRegistry registry, TimeProvider time, ILogger<EngineCycleJob> logger, IOptions<OkxOptions>? okx = null) : IJob
{
    public const string Group = "engines";

    private readonly TimeSpan _reconcileInterval = (okx?.Value ?? new OkxOptions()).ReconcileInterval;

    public static JobKey KeyFor(string engineId) => new(engineId, Group);

    public static TriggerKey TriggerKeyFor(string engineId) => new(engineId, Group);

    public static IJobDetail Detail(string engineId) =>
        JobBuilder.Create<EngineCycleJob>().WithIdentity(KeyFor(engineId)).WithDescription("engine cycle").Build();

    public static ITrigger TriggerAt(string engineId, DateTimeOffset at) =>
        TriggerBuilder.Create().WithIdentity(TriggerKeyFor(engineId)).ForJob(KeyFor(engineId)).StartAt(at).Build();

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var engineId = context.JobDetail.Key.Name;
        var delay = await RunAsync(engineId, cancellationToken);
        if (delay is null)
        {
            await context.Scheduler.DeleteJob(context.JobDetail.Key, cancellationToken);
            return;
        }
        await context.Scheduler.RescheduleJob(context.Trigger.Key, TriggerAt(engineId, time.GetUtcNow() + delay.Value), cancellationToken);
    }

    /// <summary>Runs one cycle of the engine; returns the delay before the next, or null when the engine is gone.</summary>
    public async Task<TimeSpan?> RunAsync(string engineId, CancellationToken cancellationToken)
    {
        var handle = registry.Get(engineId);
        if (handle is null)
        {
            return null;
        }
        try
        {
            var delay = await handle.RunCycleAsync(cancellationToken);
            if (handle.IsReconcileDue(_reconcileInterval))
            {
                // Between cycles: what changed on the account without the engine (a liquidation, a trade by hand).
                await registry.ReconcileAsync(handle, "periodic", cancellationToken);
            }
            return delay;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The engine handles its own errors; this is a bug in the glue. Keep the schedule alive and slow down.
            LogCycleFailed(logger, ex, engineId);
            return TimeSpan.FromSeconds(5);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The cycle job of engine {EngineId} failed.")]
    private static partial void LogCycleFailed(ILogger logger, Exception exception, string engineId);
}
