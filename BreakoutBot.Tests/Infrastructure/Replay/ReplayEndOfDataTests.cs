using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

/// <summary>
/// A replay that ends with a position open closes it at market (fee, spread and slippage paid): the report's drawdown and
/// equity curve must include what that close cost, as its ending equity and net P&amp;L do.
/// </summary>
public class ReplayEndOfDataTests
{
    private static readonly MarketDataSet Market = MarketDataSet.Generated(42, 6, 3000);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDrawdownAndTheEquityCurveIncludeTheCloseAtTheEndOfTheData()
    {
        var preset = PresetCatalog.Get("breakout_v1");
        var whole = await new ReplayRunner().RunAsync(Market.Instruments, Market.Candles, preset, cancellationToken: Ct);
        // The first trade that stayed open for a while: the replay below ends on the bar it was opened on.
        var first = whole.Trades.OrderBy(t => t.OpenedAt).First(t => t.ClosedAt - t.OpenedAt >= TimeSpan.FromMinutes(30));

        var report = await new ReplayRunner().RunAsync(
            Market.Instruments, Market.Candles, preset, new ReplayOptions { StopAfter = first.OpenedAt }, Ct);

        var s = report.Summary;
        var closedAtTheEnd = report.Trades.Single(t => t.Id == first.Id);
        closedAtTheEnd.ClosedAt.ShouldBe(report.To, "the position was still open when the data ended");
        var peak = Math.Max(s.StartingBalance, report.Equity.Max(p => p.Equity));
        s.MaxDrawdown.ShouldBeGreaterThanOrEqualTo(peak - s.EndingEquity, $"peak {peak}, ending equity {s.EndingEquity}");
        report.Equity[^1].Equity.ShouldBe(decimal.Round(s.EndingEquity, 8), "the curve ends at the ending equity");
    }
}
