using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

/// <summary>The cost model seen through a whole replay (ADR-007).</summary>
public class ReplayCostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryFillPaysAtLeastThePresetsFee()
    {
        var preset = PresetCatalog.Get("breakout_v1");
        var market = MarketDataSet.Generated(42, 6, 3000);

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, cancellationToken: Ct);

        var fills = report.Trades.SelectMany(t => t.Fills).ToList();
        fills.Count.ShouldBeGreaterThan(0);
        foreach (var fill in fills)
        {
            var bps = (decimal)(fill.Maker ? preset.ExecutionConfig.MakerFeeBps : preset.ExecutionConfig.TakerFeeBps);
            var floor = decimal.Round(fill.Quantity * fill.Price * bps / 10_000m, 10, MidpointRounding.ToEven);
            fill.Fee.ShouldBeGreaterThanOrEqualTo(floor, $"fill at {fill.Time:O}");
            fill.Fee.ShouldBeGreaterThan(0m);
        }
        // Taker fills cross half the modelled spread and slip; none of them is free.
        fills.Where(f => !f.Maker).ShouldAllBe(f => f.Spread > 0m && f.Slippage > 0m);
    }

    [Fact]
    public async Task ReplayFeeOverridesReplaceThePresetsFees()
    {
        var preset = PresetCatalog.Get("breakout_v1");
        var market = MarketDataSet.Generated(42, 6, 3000);

        var atPreset = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, cancellationToken: Ct);
        var free = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset,
            new ReplayOptions { TakerFeeBps = 0m, MakerFeeBps = 0m }, Ct);

        free.Summary.Fees.ShouldBe(0m);
        free.Summary.Costs.TakerFeeBps.ShouldBe(0m);
        atPreset.Summary.Fees.ShouldBeGreaterThan(0m);
    }
}
