using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

/// <summary>
/// A replay's drawdown figures are those of its equity at every bar: the deepest fall below the running peak (the starting
/// balance first) in money, and the deepest fall as a fraction of the peak it fell from, which need not be the same fall.
/// </summary>
public class ReplayDrawdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDrawdownPercentageIsTheDeepestFallBelowAPeakAsAFractionOfThatPeak()
    {
        // The pinned generated market: its largest fall in money (1,081.97 USDT) is 8.16 % of the peak it fell from; another
        // fall, from a lower peak, was 8.99 % of it.
        var market = MarketDataSet.Generated(42, 8, 4_000);
        // A point for every bar, so the curve is the equity the drawdown is measured on.
        var options = new ReplayOptions { MaxEquityPoints = 10_000 };

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, PresetCatalog.Get("breakout_v1"), options, Ct);

        report.Equity.Count.ShouldBe(report.Bars);
        var peak = report.Summary.StartingBalance;
        var deepest = 0m;
        var deepestFraction = 0d;
        foreach (var point in report.Equity)
        {
            peak = Math.Max(peak, point.Equity);
            deepest = Math.Max(deepest, peak - point.Equity);
            deepestFraction = Math.Max(deepestFraction, (double)((peak - point.Equity) / peak));
        }
        report.Summary.MaxDrawdown.ShouldBe(decimal.Round(deepest, 8));
        report.Summary.MaxDrawdownPct.ShouldBe(Math.Round(deepestFraction, 6));
    }
}
