using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;
using BreakoutBot.Tests.TestSupport;

namespace BreakoutBot.Tests.Infrastructure.Replay;

/// <summary>
/// A replay's report adds up to its paper account: each trade's gross P&amp;L is the cash its fills moved, the summary's
/// net P&amp;L is the equity gained, and a trade's R is its net P&amp;L (fees and funding included) over its initial risk.
/// </summary>
public class ReplayEquityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("breakout_v1")]
    [InlineData("swing_trading_pro")]
    public async Task OnTheGeneratedMarketWithSlicedEntriesTheNetPnlIsTheEquityGained(string preset)
    {
        // The pinned generated market (ReplayPinnedResultsTests), with entries sliced into clips. A clip filling after a
        // partial exit no longer happens in a replay (a stop fill ends the schedule, ADR-011); live it still can, and the
        // P&L of such a trade is checked fill by fill in PositionInterleavedFillsTests.
        var market = MarketDataSet.Generated(42, 8, 4_000);

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, PresetCatalog.Get(preset), cancellationToken: Ct);

        report.Trades.Count(t => t.Fills.Count(f => f.Side == (t.Side == "Long" ? "Buy" : "Sell")) > 1).ShouldBeGreaterThan(0, "the run has sliced entries");
        AddsUp(report);
    }

    [Fact]
    public async Task OnTheOkxFilesWithLargeSlicedEntriesTheNetPnlIsTheEquityGained()
    {
        // Five days of the OKX files at 100,000 USDT: entries large enough to be sliced into iceberg clips; on XRP in
        // November 2022 a clip filled in the same bar as the stop (the stop now takes the whole position there).
        var set = MarketDataSet.FromFolder(SharedData.RequireFolder("data/okx-swap-5m"));
        var options = new ReplayOptions
        {
            StartingBalance = 100_000m,
            From = new DateTimeOffset(2022, 11, 5, 0, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2022, 11, 10, 0, 0, 0, TimeSpan.Zero),
        };

        var report = await new ReplayRunner().RunAsync(set.Instruments, set.Candles, PresetCatalog.Get("breakout_v1"), options, Ct);

        report.Trades.Count(t => t.Fills.Count(f => f.Side == (t.Side == "Long" ? "Buy" : "Sell")) > 1).ShouldBeGreaterThan(0, "the window has sliced entries");
        AddsUp(report);
    }

    [Fact]
    public async Task EachTradesRIsItsNetPnlAfterFeesAndFundingOverItsInitialRisk()
    {
        var market = MarketDataSet.Generated(42, 6, 3000);

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, PresetCatalog.Get("breakout_v1"), cancellationToken: Ct);

        report.Trades.Count(t => t.Funding != 0m).ShouldBeGreaterThan(0, "some trades paid or received funding");
        foreach (var t in report.Trades)
        {
            var risk = t.Quantity * Math.Abs(t.EntryPrice - t.InitialStop);
            t.R.ShouldBe((double)(t.NetPnl / risk), 0.000_001, $"trade {t.Id}: net {t.NetPnl}, funding {t.Funding}");
        }
        report.Summary.AverageR.ShouldBe(report.Trades.Average(t => t.R), 0.000_001);
    }

    /// <summary>Each trade's gross P&amp;L is the cash its fills moved; the net P&amp;L is the equity gained (well within a cent).</summary>
    private static void AddsUp(ReplayReport report)
    {
        foreach (var t in report.Trades)
        {
            // Sells bring cash in, buys take it out: what a closed position realised before fees.
            var cash = t.Fills.Sum(f => (f.Side == "Sell" ? 1m : -1m) * f.Quantity * f.Price);
            Math.Abs(t.GrossPnl - cash).ShouldBeLessThan(0.000_000_01m, $"trade {t.Id}: gross {t.GrossPnl}, fills {cash}");
        }
        var s = report.Summary;
        Math.Abs(s.EndingEquity - s.StartingBalance - s.NetPnl).ShouldBeLessThan(0.000_001m, $"equity {s.EndingEquity}, net {s.NetPnl}");
    }
}
