using Hangfire;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Presets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// At start-up, queues again the backtests a previous process left queued or running (Hangfire's in-memory queue does
/// not survive a restart); they start from the first bar. A sweep's runs are queued in groups again, as the sweep queued
/// them (<see cref="BacktestGroups"/>); a run whose preset version is gone is queued alone, and fails saying so.
/// </summary>
public sealed class BacktestRecovery(IDbContextFactory<BreakoutBotDbContext> contexts, IPresetStore presets, IBackgroundJobClient jobs, ILogger<BacktestRecovery> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stranded = await db.Set<BacktestRunEntity>()
            .Where(b => b.Status == BacktestStatus.Queued || b.Status == BacktestStatus.Running)
            .OrderBy(b => b.Id)
            .ToListAsync(cancellationToken);
        var alone = new List<BacktestRunEntity>();
        foreach (var run in stranded)
        {
            run.Message = run.Status == BacktestStatus.Running
                ? "Interrupted by a portal restart; queued again from the first bar."
                : "Queued again after a portal restart.";
            run.Status = BacktestStatus.Queued;
            run.BarsDone = 0;
            run.StartedAt = null;
        }
        foreach (var sweep in stranded.Where(r => r.SweepId is not null).GroupBy(r => r.SweepId))
        {
            var runs = new List<BacktestRunEntity>();
            var runPresets = new List<TradingPreset>();
            foreach (var run in sweep)
            {
                try
                {
                    runPresets.Add(await BacktestRuns.PresetOfAsync(presets, run, cancellationToken));
                    runs.Add(run);
                }
                catch (DomainException)
                {
                    // Its job fails and says why.
                    alone.Add(run);
                }
            }
            BacktestGroups.Enqueue(runs, runPresets, jobs);
        }
        alone.AddRange(stranded.Where(r => r.SweepId is null));
        foreach (var run in alone)
        {
            run.HangfireJobId = jobs.Enqueue<BacktestJob>(j => j.RunAsync(run.Id, CancellationToken.None));
        }
        await db.SaveChangesAsync(cancellationToken);
        if (stranded.Count > 0)
        {
            logger.LogInformation("Queued again {Count} backtests interrupted by the last shutdown", stranded.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
