using BreakoutBot.Infrastructure.Backtests;
using static BreakoutBot.Tests.Infrastructure.Backtests.BacktestTestBed;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

public class BacktestExplainerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ItExplainsAMissedEntryByTheFilterThatRejectedItWithItsValueAndAnEntryAsTraded()
    {
        await using var bed = await CreateAsync();
        var id = (await bed.Service.QueueAsync(Tom, Small, Ct)).Id!.Value;
        await bed.Job.RunAsync(id, Ct);
        var report = (await bed.Service.GetAsync(Tom, id, Ct))!.Report!;
        var explainer = new BacktestExplainer(bed.Presets.Contexts, bed.Presets.Store, bed.Data);
        var trade = report.Trades[0];

        var entry = await explainer.ExplainAsync(Tom, id, trade.Instrument, trade.OpenedAt, Ct);
        // An hour later the same instrument is in a position (or its surge has faded): find a bar it was filtered out.
        BacktestExplanation? missed = null;
        for (var t = trade.OpenedAt.AddHours(-6); missed is null && t < trade.OpenedAt; t = t.AddMinutes(5))
        {
            var e = await explainer.ExplainAsync(Tom, id, trade.Instrument, t, Ct);
            if (e!.Scan is { PassedAllFilters: false })
            {
                missed = e;
            }
        }

        entry!.Verdict.ShouldStartWith($"Traded: a {trade.Strategy} {trade.Side} position opened");
        missed.ShouldNotBeNull();
        var failed = missed.Scan!.Filters.Where(f => f.Value.Failed).ToList();
        failed.ShouldNotBeEmpty();
        missed.Verdict.ShouldBe("Rejected by the scanner: " + string.Join(", ", failed.Select(f => f.Key)) + " failed.");
        // The filter is named with the value the engine measured against its threshold.
        failed.ShouldContain(f => !double.IsNaN(f.Value.Value) && !double.IsNaN(f.Value.Threshold));
    }

    [Fact]
    public async Task OnlyThoseWhoMaySeeTheRunGetAnExplanation()
    {
        await using var bed = await CreateAsync();
        var id = (await bed.Service.QueueAsync(Tom, Small, Ct)).Id!.Value;
        await bed.Job.RunAsync(id, Ct);
        var explainer = new BacktestExplainer(bed.Presets.Contexts, bed.Presets.Store, bed.Data);
        var at = (await bed.Service.GetAsync(Tom, id, Ct))!.Report!.To;

        (await explainer.ExplainAsync(Ann, id, "GEN-0-USDT-SWAP", at, Ct)).ShouldBeNull();
        (await explainer.ExplainAsync(Vera, id, "NOPE-USDT-SWAP", at, Ct))!.Verdict.ShouldBe("NOPE-USDT-SWAP is not in this backtest's data.");
    }
}
