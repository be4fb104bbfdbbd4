using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

/// <summary>
/// Replays of one range over the same candle lists get the same cut lists, so a walk-forward sweep's groups and a ranged
/// backtest run again share what the first replay derived (ReplaySlices) and still report what a fresh replay reports.
/// </summary>
public class ReplaySlicesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void TheSameRangeOfTheSameListIsTheSameCutAndHoldsExactlyTheCandlesInIt()
    {
        var series = MarketDataSet.Generated(31, 1, 1_000).Candles.Values.Single();
        var (from, to) = (series[100].Time, series[700].Time);

        var cut = ReplaySlices.Of(series, from, to);

        cut.ShouldBe(series.Where(c => c.Time >= from && c.Time <= to).ToList());
        cut.Count.ShouldBe(601);
        ReplaySlices.Of(series, from, to).ShouldBeSameAs(cut);
        ReplaySlices.Of(series, from, series[701].Time).ShouldNotBeSameAs(cut);
        ReplaySlices.Of(series.ToArray(), from, to).ShouldNotBeSameAs(cut, "another list (another data set's) is cut on its own");
    }

    [Fact]
    public void OnlyTheMostRecentlyUsedRangesOfAListAreKept()
    {
        var series = MarketDataSet.Generated(32, 1, 1_000).Candles.Values.Single();
        var first = ReplaySlices.Of(series, series[0].Time, series[500].Time);
        for (var i = 1; i < ReplaySlices.RangesKept; i++)
        {
            ReplaySlices.Of(series, series[i].Time, series[500].Time);
        }
        ReplaySlices.Of(series, series[0].Time, series[500].Time).ShouldBeSameAs(first, "still among the ranges kept");

        ReplaySlices.Of(series, series[50].Time, series[500].Time);
        ReplaySlices.Of(series, series[51].Time, series[500].Time);

        var again = ReplaySlices.Of(series, series[0].Time, series[500].Time);
        again.ShouldNotBeSameAs(first, "dropped once other ranges were used since");
        again.ShouldBe(first);
    }

    [Fact]
    public async Task ARangedReplayRunAgainOnTheSameListsReportsWhatAFreshOneReports()
    {
        var market = MarketDataSet.Generated(33, 6, 4_000);
        var start = market.Candles.Values.Min(c => c[0].Time);
        var options = new ReplayOptions { From = start + TimeSpan.FromDays(2), To = start + TimeSpan.FromDays(10) };
        var preset = PresetCatalog.Get("breakout_v1");

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, options, Ct);
        var first = ReplayJson.Serialize(report);
        var again = ReplayJson.Serialize(await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, options, Ct));
        var fresh = ReplayJson.Serialize(await new ReplayRunner().RunAsync(market.Instruments, ReplaySharedDataTests.Copy(market.Candles), preset, options, Ct));

        again.ShouldBe(first);
        fresh.ShouldBe(first);
        report.Trades.Count.ShouldBeGreaterThan(0);
    }
}
