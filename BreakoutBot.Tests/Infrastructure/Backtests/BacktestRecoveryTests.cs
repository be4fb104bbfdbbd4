using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static BreakoutBot.Tests.Infrastructure.Backtests.BacktestTestBed;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

public class BacktestRecoveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterARestartFinishedRunsAreIntactAndUnfinishedOnesAreQueuedAgainAndSaySo()
    {
        await using var bed = await CreateAsync(maxActive: 5);
        var finished = (await bed.Service.QueueAsync(Tom, Small, Ct)).Id!.Value;
        await bed.Job.RunAsync(finished, Ct);
        var interrupted = (await bed.Service.QueueAsync(Tom, Small, Ct)).Id!.Value;
        var waiting = (await bed.Service.QueueAsync(Tom, Small, Ct)).Id!.Value;
        // The process died in the middle of this run.
        await bed.MarkRunningAsync(interrupted, barsDone: 500);
        var before = (await bed.Service.GetAsync(Tom, finished, Ct))!;
        var restarted = new RecordingJobClient();

        await new BacktestRecovery(bed.Presets.Contexts, bed.Presets.Store, restarted, NullLogger<BacktestRecovery>.Instance).StartAsync(Ct);

        var after = (await bed.Service.GetAsync(Tom, finished, Ct))!;
        after.Summary.ShouldBe(before.Summary with { Overrides = after.Summary.Overrides });
        after.Summary.Status.ShouldBe(BacktestStatus.Succeeded);
        after.Report!.Trades.Count.ShouldBe(before.Report!.Trades.Count);
        var again = (await bed.Service.GetAsync(Tom, interrupted, Ct))!.Summary;
        again.Status.ShouldBe(BacktestStatus.Queued);
        again.BarsDone.ShouldBe(0);
        again.Message.ShouldBe("Interrupted by a portal restart; queued again from the first bar.");
        (await bed.Service.GetAsync(Tom, waiting, Ct))!.Summary.Message.ShouldBe("Queued again after a portal restart.");
        restarted.Jobs.Count.ShouldBe(2);
    }

    [Fact]
    public async Task AnInterruptedSweepIsQueuedAgainInGroupsAsItWasQueuedAndItsRunsFinish()
    {
        await using var bed = await CreateAsync();
        var sweeps = new SweepService(bed.Presets.Contexts, bed.Presets.Store, bed.Jobs, bed.Presets.Audit, bed.Presets.Time);
        var queued = await sweeps.QueueAsync(Tom, RiskByTargets, Ct);
        var firstQueue = bed.Jobs.Jobs.Select(j => ((long[])j.Args[0]).Order().ToArray()).ToList();
        // The portal died before any of the sweep's jobs ran.
        var restarted = new RecordingJobClient();

        await new BacktestRecovery(bed.Presets.Contexts, bed.Presets.Store, restarted, NullLogger<BacktestRecovery>.Instance).StartAsync(Ct);

        restarted.Jobs.ShouldAllBe(j => j.Method.Name == nameof(BacktestJob.RunGroupAsync));
        var groups = restarted.Jobs.Select(j => ((long[])j.Args[0]).Order().ToArray()).ToList();
        groups.Count.ShouldBeLessThan(6, "the six runs are replayed together again, not one by one");
        groups.ShouldBe(firstQueue);
        var waiting = (await sweeps.GetAsync(Tom, queued.Id!.Value, Ct))!.Value.Runs;
        waiting.ShouldAllBe(r => r.Status == BacktestStatus.Queued && r.Message == "Queued again after a portal restart.");
        foreach (var group in groups)
        {
            await bed.Job.RunGroupAsync(group, Ct);
        }
        (await sweeps.GetAsync(Tom, queued.Id!.Value, Ct))!.Value.Runs.ShouldAllBe(r => r.Status == BacktestStatus.Succeeded);
    }
}
