using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Replay;
using Hangfire;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Queues runs of one sweep in groups that are replayed together (<see cref="ReplayGroups"/>, ADR-010 "Seventh round"):
/// one group per backtest worker, at most <see cref="ReplayGroups.MaxGroupSize"/> runs each, only runs that scan alike
/// together. The sweep queues its runs this way, and so does the recovery after a restart.
/// </summary>
public static class BacktestGroups
{
    /// <summary>Enqueues one <see cref="BacktestJob.RunGroupAsync"/> per group and sets each run's job id (the caller saves).</summary>
    /// <param name="runs">Runs of one sweep.</param>
    /// <param name="presets">Each run's preset as it will be replayed, in the order of <paramref name="runs"/>.</param>
    public static void Enqueue(IReadOnlyList<BacktestRunEntity> runs, IReadOnlyList<TradingPreset> presets, IBackgroundJobClient jobs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(presets);
        ArgumentNullException.ThrowIfNull(jobs);
        var specs = runs.Select((r, i) => new ReplayRunSpec(presets[i], BacktestJob.OptionsOf(r))).ToList();
        foreach (var group in ReplayGroups.Partition(specs, Environment.ProcessorCount, ReplayGroups.MaxGroupSize))
        {
            var ids = group.Select(i => runs[i].Id).ToArray();
            var jobId = jobs.Enqueue<BacktestJob>(j => j.RunGroupAsync(ids, CancellationToken.None));
            foreach (var i in group)
            {
                runs[i].HangfireJobId = jobId;
            }
        }
    }
}
