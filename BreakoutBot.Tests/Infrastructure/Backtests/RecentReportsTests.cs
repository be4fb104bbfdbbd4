using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.Replay;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

/// <summary>A run just finished shows the report the job built, which is exactly what was stored; older runs read the stored copy.</summary>
public sealed class RecentReportsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARunJustFinishedShowsTheJobsReportWhichIsTheStoredOneAndOlderRunsReadTheStoredCopy()
    {
        await using var bed = await BacktestTestBed.CreateAsync(maxActive: 5);
        var ids = new List<long>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var id = (await bed.Service.QueueAsync(BacktestTestBed.Tom, BacktestTestBed.Small with { Seed = seed, GeneratedBars = 600 }, Ct)).Id!.Value;
            await bed.Job.RunAsync(id, Ct);
            ids.Add(id);
        }

        foreach (var id in ids)
        {
            var shown = (await bed.Service.GetAsync(BacktestTestBed.Tom, id, Ct))!.Report!;
            await using var db = await bed.Presets.Contexts.CreateDbContextAsync(Ct);
            var stored = StoredReport.Decompress((await db.Set<BacktestRunEntity>().SingleAsync(r => r.Id == id, Ct)).ReportGzip!);
            ReplayJson.Serialize(shown).ShouldBe(ReplayJson.Serialize(stored));
            // The last two are the job's own objects; the first was pushed out and is read back.
            ReferenceEquals(shown, bed.Recent.Get(id)).ShouldBe(id != ids[0]);
        }
        (await bed.Service.DeleteAsync(BacktestTestBed.Tom, ids[^1], Ct)).ShouldBeNull();
        bed.Recent.Get(ids[^1]).ShouldBeNull();
        (await bed.Service.GetAsync(BacktestTestBed.Tom, ids[^1], Ct)).ShouldBeNull();
    }
}
