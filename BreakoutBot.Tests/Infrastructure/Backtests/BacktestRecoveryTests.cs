using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.EntityFrameworkCore;
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
        await using (var db = await bed.Presets.Contexts.CreateDbContextAsync(Ct))
        {
            // The process died in the middle of this run.
            var row = await db.Set<BacktestRunEntity>().SingleAsync(b => b.Id == interrupted, Ct);
            row.Status = BacktestStatus.Running;
            row.BarsDone = 500;
            row.StartedAt = bed.Presets.Time.GetUtcNow();
            await db.SaveChangesAsync(Ct);
        }
        var before = (await bed.Service.GetAsync(Tom, finished, Ct))!;
        var restarted = new RecordingJobClient();

        await new BacktestRecovery(bed.Presets.Contexts, restarted, NullLogger<BacktestRecovery>.Instance).StartAsync(Ct);

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
}
