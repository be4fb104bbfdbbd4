using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Positions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Positions;

/// <summary>
/// Take-profit sizes on an instrument traded in whole lots of 1 (like an OKX swap quoted in contracts). A target below
/// one lot is merged into the other (TP1 into TP2, TP2 into TP1, both into TP1 when together they make a lot), and a TP1
/// without an order arms breakeven when the price reaches its level. breakout_v1 closes 40 % at TP1 and 35 % at TP2.
/// </summary>
public class TakeProfitSplitTests
{
    private static readonly Instrument WholeLots = new("LOT-USDT-SWAP", InstrumentKind.Swap, 0.01m, 1m, 1m, 1m);

    [Theory]
    [InlineData(1, 0.4, 0.35, 0, 0)]   // 0.4 / 0.35 / together 0.75 lot: nothing placeable, the lot is the runner
    [InlineData(2, 0.4, 0.35, 1, 0)]   // 0.8 / 0.7 lot, together 1.5 → TP1 takes 1 lot, 1 lot runs
    [InlineData(3, 0.4, 0.35, 1, 1)]   // 1.2 / 1.05 → 1 and 1, 1 lot runs
    [InlineData(3, 0.3, 0.5, 0, 2)]    // 0.9 / 1.5 → TP1 merged into TP2: 2.4 → 2 lots at TP2
    [InlineData(3, 0.5, 0.2, 2, 0)]    // 1.5 / 0.6 → TP2 merged into TP1: 2.1 → 2 lots at TP1
    [InlineData(1, 0.5, 0.5, 1, 0)]    // 0.5 / 0.5 → together 1 lot at TP1: the whole position
    [InlineData(10, 0.4, 0.35, 4, 3)]  // large enough: as the preset says
    public void TargetsBelowOneLotAreMerged(int lots, double tp1Pct, double tp2Pct, int tp1Lots, int tp2Lots)
    {
        var (tp1, tp2) = TakeProfitSplit.Compute(WholeLots, lots, lots, tp1Pct, tp2Pct);

        tp1.ShouldBe(tp1Lots);
        tp2.ShouldBe(tp2Lots);
    }

    [Fact]
    public void AMinimumOrderAboveTheLotStepCountsAsTheSmallestTarget()
    {
        var minTwo = new Instrument("MIN2-USDT-SWAP", InstrumentKind.Swap, 0.01m, 1m, 2m, 1m);

        TakeProfitSplit.Compute(minTwo, 4m, 4m, 0.5, 0.5).ShouldBe((2m, 2m));
        TakeProfitSplit.Compute(minTwo, 3m, 3m, 0.5, 0.5).ShouldBe((3m, 0m), "1 + 1 are below the minimum of 2: TP1 takes all 3");
    }

    [Fact]
    public void TargetsNeverExceedTheOpenQuantity() =>
        TakeProfitSplit.Compute(WholeLots, 3m, 1m, 0.3, 0.5).ShouldBe((0m, 1m));

    private static async Task<(TradingBuilder B, Position P, TradingPreset Preset)> OpenLong(decimal lots, double tp1Pct = 0.4, double tp2Pct = 0.35)
    {
        var b = new TradingBuilder(instrument: WholeLots);
        b.Bar(100m, 100.2m, 99.8m, 100m);
        var preset = TradingBuilder.Preset(p => p with { Tp1R = 1, Tp2R = 2, Tp1SizePct = tp1Pct, Tp2SizePct = tp2Pct });
        var position = await b.Positions.OpenAsync(b.Approved(PositionSide.Long, 100m, 99m, lots), preset);
        position.ShouldNotBeNull();
        position.Status.ShouldBe(PositionStatus.Open);
        return (b, position, preset);
    }

    [Fact]
    public async Task AOneLotPositionHasNoTargetsAndItsStopMovesToBreakevenWhenThePriceReachesTp1()
    {
        var (b, p, preset) = await OpenLong(1m);
        (await b.Paper.GetOpenOrdersAsync()).ShouldNotContain(o => o.Type == OrderType.TakeProfitMarket);

        b.Bar(100.3m, 100.95m, 100.2m, 100.9m);
        await b.Positions.ManageAsync(preset);
        p.BreakevenMoved.ShouldBeFalse("the high 100.95 is below TP1 101");

        b.Bar(100.9m, 101.05m, 100.6m, 100.8m);
        var report = await b.Positions.ManageAsync(preset);

        p.Tp1Done.ShouldBeFalse();
        p.Quantity.ShouldBe(1m);
        p.BreakevenMoved.ShouldBeTrue();
        p.StopLoss.ShouldBe(100.1m);
        report.StopsMoved.ShouldBe(1);
        (await b.Paper.GetOpenOrdersAsync()).Single(o => o.Type == OrderType.StopMarket).TriggerPrice.ShouldBe(100.1m);
    }

    [Fact]
    public async Task TheHighOfTheBarBeforeTheEntryDoesNotCountAsReachingTp1()
    {
        // The entry fills at the close (100) of a bar whose high, 101.5, was above TP1 (101) before the fill.
        var b = new TradingBuilder(instrument: WholeLots);
        b.Bar(100.4m, 101.5m, 99.8m, 100m);
        var preset = TradingBuilder.Preset(p => p with { Tp1R = 1, Tp2R = 2, Tp1SizePct = 0.4, Tp2SizePct = 0.35 });
        var p = (await b.Positions.OpenAsync(b.Approved(PositionSide.Long, 100m, 99m, 1m), preset)).ShouldNotBeNull();

        await b.Positions.ManageAsync(preset);
        p.BreakevenMoved.ShouldBeFalse("that high came before the position existed");
        p.BestPrice.ShouldBe(100m);

        b.Bar(100m, 101.05m, 99.9m, 100.6m);
        await b.Positions.ManageAsync(preset);
        p.BreakevenMoved.ShouldBeTrue("the first bar after the entry reached TP1");
        p.BestPrice.ShouldBe(101.05m);
    }

    [Fact]
    public async Task ATwoLotPositionClosesOneLotAtTp1AndRunsTheOtherFromBreakeven()
    {
        var (b, p, preset) = await OpenLong(2m);
        var targets = (await b.Paper.GetOpenOrdersAsync()).Where(o => o.Type == OrderType.TakeProfitMarket).ToList();
        targets.ShouldHaveSingleItem().TriggerPrice.ShouldBe(101m);
        targets[0].Quantity.ShouldBe(1m);

        b.Bar(100.3m, 101.3m, 100.2m, 101.1m);
        await b.Positions.ManageAsync(preset);

        p.Tp1Done.ShouldBeTrue();
        p.Quantity.ShouldBe(1m);
        p.StopLoss.ShouldBe(100.1m);
    }

    [Fact]
    public async Task ATp1MergedIntoTp2StillArmsBreakevenAtTheTp1Price()
    {
        var (b, p, preset) = await OpenLong(3m, 0.3, 0.5);
        var target = (await b.Paper.GetOpenOrdersAsync()).Where(o => o.Type == OrderType.TakeProfitMarket).ShouldHaveSingleItem();
        target.TriggerPrice.ShouldBe(102m);
        target.Quantity.ShouldBe(2m);

        b.Bar(100.3m, 101.2m, 100.2m, 101.1m);
        await b.Positions.ManageAsync(preset);

        p.Quantity.ShouldBe(3m);
        p.StopLoss.ShouldBe(100.1m);

        b.Bar(101.1m, 102.1m, 101.0m, 101.9m);
        await b.Positions.ManageAsync(preset);

        p.Tp2Done.ShouldBeTrue();
        p.Quantity.ShouldBe(1m, "the runner");
    }
}
