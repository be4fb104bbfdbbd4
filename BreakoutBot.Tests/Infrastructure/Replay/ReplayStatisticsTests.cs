using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

public class ReplayStatisticsTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 31, 23, 55, 0, TimeSpan.Zero);

    private static ReplayTrade Trade(string instrument, string strategy, decimal net, double r) => new(
        Guid.NewGuid().ToString("N"), instrument, "Long", strategy, Jan, Jan, 1m, 100m, 101m, 99m, 102m, 103m,
        net + 1m, 1m, 0m, 0m, 0m, net, r, "TakeProfit", [], []);

    private static ReplayReport Report(IReadOnlyList<EquityPoint> equity, IReadOnlyList<ReplayTrade> trades) => new(
        "p", ["A"], equity[0].Time, equity[^1].Time, equity.Count,
        new ReplaySummary(trades.Count, 0, 0, 0, null, 0, 0, 0, 0, 0, 0, 0, 0, 1000m, equity[^1].Equity, 0, 0, 0,
            new ReplayCostSettings(5, 2, 2, 40, 50, 1, 8, "flat", "model")),
        trades) { Equity = equity };

    [Fact]
    public void MonthlyReturnsChainFromTheStartingBalance()
    {
        var report = Report(
            [new(Jan.AddDays(-10), 1000m), new(Jan, 1100m), new(Jan.AddDays(10), 1050m), new(Jan.AddDays(28), 990m)],
            []);

        var months = ReplayStatistics.MonthlyReturns(report);

        months.Count.ShouldBe(2);
        months[0].ShouldBe(new MonthlyReturn(2026, 1, 100m, 0.1));
        months[1].Year.ShouldBe(2026);
        months[1].Month.ShouldBe(2);
        months[1].Pnl.ShouldBe(-110m);
        months[1].Return.ShouldBe(-0.1, 1e-12);
    }

    [Fact]
    public void DrawdownIsMeasuredFromTheRunningPeak()
    {
        var dd = ReplayStatistics.Drawdown([new(Jan, 1000m), new(Jan, 1200m), new(Jan, 900m), new(Jan, 1300m)], 1000m);

        dd.ShouldBe([0d, 0d, 0.25, 0d]);
    }

    [Fact]
    public void DrawdownCountsALossBeforeTheFirstSampleFromTheStartingBalance()
    {
        // The run began with 1,000 and its first sample is already 900: the chart starts 10 % down, as the summary's
        // maximum drawdown counts it.
        var dd = ReplayStatistics.Drawdown([new(Jan, 900m), new(Jan, 950m), new(Jan, 1100m), new(Jan, 990m)], 1000m);

        dd[0].ShouldBe(0.1, 1e-12);
        dd[1].ShouldBe(0.05, 1e-12);
        dd[2].ShouldBe(0d);
        dd[3].ShouldBe(0.1, 1e-12);
    }

    [Fact]
    public void GroupsCountWinsPnlAndProfitFactorPerInstrumentAndStrategy()
    {
        var trades = new[]
        {
            Trade("A", "momentum", 30m, 1.5),
            Trade("A", "retest", -10m, -1),
            Trade("B", "momentum", -20m, -1),
        };

        var byInstrument = ReplayStatistics.ByInstrument(trades);
        var byStrategy = ReplayStatistics.ByStrategy(trades);

        byInstrument.Select(g => g.Key).ShouldBe(["A", "B"]);
        byInstrument[0].ShouldBe(new GroupResult("A", 2, 1, 0.5, 20m, 0.25, 3.0, 2m));
        byInstrument[1].ProfitFactor.ShouldBe(0d);
        byStrategy.Single(g => g.Key == "retest").ProfitFactor.ShouldBe(0d);
        byStrategy.Single(g => g.Key == "momentum").NetPnl.ShouldBe(10m);
    }

    [Fact]
    public void TheRDistributionHasContiguousHalfRBucketsFromTheWorstToTheBestTrade()
    {
        var trades = new[] { Trade("A", "m", -1, -1.0), Trade("A", "m", -1, -0.9), Trade("A", "m", 2, 1.2), Trade("A", "m", 2, 1.49) };

        var buckets = ReplayStatistics.RDistribution(trades);

        buckets.ShouldBe([new RBucket(-1.0, 2), new RBucket(-0.5, 0), new RBucket(0, 0), new RBucket(0.5, 0), new RBucket(1.0, 2)]);
        ReplayStatistics.RDistribution([]).ShouldBeEmpty();
    }
}
