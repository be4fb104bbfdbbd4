using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

public class ReplayRangeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TradingPreset Preset => PresetCatalog.Get("breakout_v1");

    private static readonly MarketDataSet Market = MarketDataSet.Generated(42, 6, 3000);

    [Fact]
    public async Task ARangeTradesOnlyInsideItAndReadsNothingAfterItsEnd()
    {
        var timeline = Market.Candles.Values.SelectMany(c => c).Select(c => c.CloseTime).Distinct().Order().ToList();
        var from = timeline[1000];
        var to = timeline[2500];

        var report = await new ReplayRunner().RunAsync(Market.Instruments, Market.Candles, Preset, new ReplayOptions { From = from, To = to }, Ct);

        report.From.ShouldBe(from);
        report.To.ShouldBe(to);
        report.Bars.ShouldBe(1501);
        report.Trades.Count.ShouldBeGreaterThan(0);
        report.Trades.ShouldAllBe(t => t.OpenedAt >= from && t.ClosedAt <= to);
        report.Trades.SelectMany(t => t.Fills).ShouldAllBe(f => f.Time >= from && f.Time <= to);
    }

    [Fact]
    public async Task StoppingAfterABarReportsExactlyWhatCuttingTheDataThereReports()
    {
        var timeline = Market.Candles.Values.SelectMany(c => c).Select(c => c.CloseTime).Distinct().Order().ToList();
        var (from, bar) = (timeline[800], timeline[2200]);

        var cut = await new ReplayRunner().RunAsync(Market.Instruments, Market.Candles, Preset, new ReplayOptions { From = from, To = bar }, Ct);
        var stopped = await new ReplayRunner().RunAsync(Market.Instruments, Market.Candles, Preset, new ReplayOptions { From = from, StopAfter = bar }, Ct);

        ReplayJson.Serialize(stopped).ShouldBe(ReplayJson.Serialize(cut));
        stopped.To.ShouldBe(bar);
        stopped.Bars.ShouldBe(1401);
        stopped.Trades.Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task TheEngineStartsAtTheRangeWithWarmHistoryLikeALiveEngineStartedThen()
    {
        var timeline = Market.Candles.Values.SelectMany(c => c).Select(c => c.CloseTime).Distinct().Order().ToList();
        var options = new ReplayOptions { From = timeline[1000], To = timeline[1060] };
        var cut = Market.Candles.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Candle>)kv.Value.Where(c => c.CloseTime >= options.From).ToList());

        var warm = await new ReplayRunner().RunAsync(Market.Instruments, Market.Candles, Preset, options, Ct);
        var cold = await new ReplayRunner().RunAsync(Market.Instruments, cut, Preset, options, Ct);

        // With the history before the range, indicators are warm at its first bar; without it, the first bars fail the data-health check.
        warm.Bars.ShouldBe(61);
        cold.Bars.ShouldBe(61);
        warm.Funnel.Candidates.ShouldBeGreaterThan(0);
        warm.Funnel.FailedByFilter["data_health"].ShouldBe(0);
        cold.Funnel.FailedByFilter["data_health"].ShouldBeGreaterThan(0);
        warm.Funnel.Candidates.ShouldBeGreaterThan(cold.Funnel.Candidates);
    }

    [Fact]
    public async Task ARangeEndingBeforeItStartsIsRefusedNamingBothEnds()
    {
        var start = Market.Candles.Values.First()[100].CloseTime;

        var ex = await Should.ThrowAsync<ArgumentException>(() =>
            new ReplayRunner().RunAsync(Market.Instruments, Market.Candles, Preset, new ReplayOptions { From = start, To = start.AddHours(-1) }, Ct));

        ex.Message.ShouldContain("ends");
        ex.Message.ShouldContain("before it starts");
    }

    [Fact]
    public async Task ProgressCountsUpToTheTotalAndTheEquityCurveIsBoundedAndEndsAtTheFinalEquity()
    {
        var reports = new List<ReplayProgress>();
        var progress = new SynchronousProgress(reports.Add);

        var report = await new ReplayRunner().RunAsync(Market.Instruments, Market.Candles, Preset, new ReplayOptions { Progress = progress, MaxEquityPoints = 100 }, Ct);

        reports.Count.ShouldBeInRange(150, 250);
        reports.Select(r => r.BarsDone).ShouldBeInOrder(SortDirection.Ascending);
        reports[^1].ShouldBe(new ReplayProgress(report.Bars, report.Bars));
        report.Equity.Count.ShouldBeLessThanOrEqualTo(101);
        report.Equity[0].Time.ShouldBe(report.From);
        report.Equity[^1].Time.ShouldBe(report.To);
        report.Equity.Select(p => p.Time).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task WithoutARangeTheReportIsTheSameAsBeforeApartFromTheCurve()
    {
        var all = await new ReplayRunner().RunAsync(Market.Instruments, Market.Candles, Preset, cancellationToken: Ct);
        var first = Market.Candles.Values.Min(c => c[0].Time);
        var ranged = await new ReplayRunner().RunAsync(Market.Instruments, Market.Candles, Preset, new ReplayOptions { From = first.AddMinutes(-5) }, Ct);

        ReplayJson.Serialize(ranged).ShouldBe(ReplayJson.Serialize(all));
    }

    /// <summary>Calls back on the reporting thread (Progress&lt;T&gt; would post to the thread pool and reorder).</summary>
    private sealed class SynchronousProgress(Action<ReplayProgress> report) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => report(value);
    }
}
