using BreakoutBot.Infrastructure.Engines;
using Quartz;

namespace BreakoutBot.Infrastructure.Scheduling;

/// <summary>Every 2 s: copies each engine's status into the registry's cache that pages and the API read.</summary>
[DisallowConcurrentExecution]
public sealed class StatusCacheRefreshJob(EngineRegistry registry) : IJob
{
    public static readonly JobKey Key = new("status-cache-refresh", "system");

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        Refresh();
        return ValueTask.CompletedTask;
    }

    /// <summary>Refreshes every engine's cached status; returns how many engines were refreshed.</summary>
    public int Refresh()
    {
        var n = 0;
        foreach (var handle in registry.ListAll())
        {
            handle.RefreshStatus();
            n++;
        }
        return n;
    }
}
