using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Positions;

public class PositionManagerTests
{
    private static async Task<(TradingBuilder B, Position P)> OpenLongAt100StopAt99(Func<BreakoutBot.Domain.Presets.PositionConfig, BreakoutBot.Domain.Presets.PositionConfig>? cfg = null)
    {
        var b = new TradingBuilder();
        b.Bar(100m, 100.2m, 99.8m, 100m);
        var preset = TradingBuilder.Preset(p => (cfg ?? (x => x))(p with { Tp1R = 1, Tp2R = 2, Tp1SizePct = 0.5, Tp2SizePct = 0.5 }));
        var position = await b.Positions.OpenAsync(b.Approved(PositionSide.Long, 100m, 99m, 1m), preset);
        position.ShouldNotBeNull();
        return (b, position);
    }

    [Fact]
    public async Task PlacesTakeProfitsAtOneAndTwoRAndARestingStop()
    {
        var (b, p) = await OpenLongAt100StopAt99();

        p.Status.ShouldBe(PositionStatus.Open);
        p.EntryPrice.ShouldBe(100m);
        p.TakeProfit1.ShouldBe(101m);
        p.TakeProfit2.ShouldBe(102m);
        var open = await b.Paper.GetOpenOrdersAsync();
        open.ShouldContain(o => o.Type == OrderType.StopMarket && o.TriggerPrice == 99m && o.ReduceOnly && o.Quantity == 1m);
        open.ShouldContain(o => o.Type == OrderType.TakeProfitMarket && o.TriggerPrice == 101m && o.Quantity == 0.5m);
        open.ShouldContain(o => o.Type == OrderType.TakeProfitMarket && o.TriggerPrice == 102m && o.Quantity == 0.5m);
    }

    [Fact]
    public async Task MovesTheStopToBreakevenPlusTenBasisPointsAfterTp1()
    {
        var (b, p) = await OpenLongAt100StopAt99();
        var preset = TradingBuilder.Preset(c => c with { Tp1R = 1, Tp2R = 2, Tp1SizePct = 0.5, Tp2SizePct = 0.5 });

        b.Bar(100.3m, 101.3m, 100.2m, 101.1m);
        await b.Positions.ManageAsync(preset);

        p.Tp1Done.ShouldBeTrue();
        p.Quantity.ShouldBe(0.5m);
        p.StopLoss.ShouldBe(100.1m);
        p.BreakevenMoved.ShouldBeTrue();
        var stop = (await b.Paper.GetOpenOrdersAsync()).Single(o => o.Type == OrderType.StopMarket);
        stop.TriggerPrice.ShouldBe(100.1m);
    }

    [Fact]
    public async Task EachPassReportsWhatItDidAndAQuietPassNothing()
    {
        var (b, p) = await OpenLongAt100StopAt99();
        var preset = TradingBuilder.Preset(c => c with { Tp1R = 1, Tp2R = 2, Tp1SizePct = 0.5, Tp2SizePct = 0.5 });

        b.Bar(100m, 100.3m, 99.9m, 100.1m);
        var quiet = await b.Positions.ManageAsync(preset);
        b.Bar(100.3m, 101.3m, 100.2m, 101.1m);
        var tp1 = await b.Positions.ManageAsync(preset);
        b.Bar(101.1m, 101.2m, 100.0m, 100.05m);
        var closed = await b.Positions.ManageAsync(preset);

        quiet.ShouldBe(new PositionManagementReport(0, 0, 0, 0, 0));
        tp1.FillsApplied.ShouldBe(1, "the TP1 fill");
        tp1.PositionsClosed.ShouldBe(0);
        closed.FillsApplied.ShouldBe(1, "the breakeven stop's fill");
        closed.PositionsClosed.ShouldBe(1);
        p.Status.ShouldBe(PositionStatus.Closed);
    }

    [Fact]
    public void AReportOfNoCountsIsTheSharedNoneAndAnyCountIsKept()
    {
        PositionManagementReport.Of(0, 0, 0, 0, 0).ShouldBeSameAs(PositionManagementReport.None);
        PositionManagementReport.Of(0, 0, 0, 0, 1).ShouldBe(new PositionManagementReport(0, 0, 0, 0, 1));
        PositionManagementReport.Of(2, 1, 0, 0, 0).ShouldBe(new PositionManagementReport(2, 1, 0, 0, 0));
        PositionManagementReport.Of(0, 0, 3, 1, 0).ShouldBe(new PositionManagementReport(0, 0, 3, 1, 0));
    }

    [Fact]
    public async Task TheBreakevenStopClosesTheRestWithTheRightPnl()
    {
        var (b, p) = await OpenLongAt100StopAt99();
        var preset = TradingBuilder.Preset(c => c with { Tp1R = 1, Tp2R = 2, Tp1SizePct = 0.5, Tp2SizePct = 0.5 });
        b.Bar(100.3m, 101.3m, 100.2m, 101.1m);
        await b.Positions.ManageAsync(preset);

        b.Bar(101.1m, 101.2m, 100.0m, 100.05m);
        await b.Positions.ManageAsync(preset);

        p.Status.ShouldBe(PositionStatus.Closed);
        p.CloseReason.ShouldBe(ExitReason.BreakevenStop);
        p.GrossRealizedPnl.ShouldBe(0.55m); // 0.5 × 1.00 at TP1 + 0.5 × 0.10 at the breakeven stop
        b.Positions.DrainClosed().ShouldContain(p);
        (await b.Paper.GetOpenOrdersAsync()).ShouldBeEmpty("no order may stay behind a closed position");
        (await b.Paper.GetPositionsAsync()).Where(x => x.Quantity != 0).ShouldBeEmpty();
    }

    [Fact]
    public async Task TheStopLossIsARealExchangeFill()
    {
        var (b, p) = await OpenLongAt100StopAt99();
        var preset = TradingBuilder.Preset();

        b.Bar(100m, 100.1m, 98.5m, 98.7m);
        await b.Positions.ManageAsync(preset);

        p.Status.ShouldBe(PositionStatus.Closed);
        p.CloseReason.ShouldBe(ExitReason.StopLoss);
        p.GrossRealizedPnl.ShouldBe(-1m);
        p.PnlR.ShouldBe(-1d, 1e-9);
        (await b.Paper.GetBalanceAsync()).Cash.ShouldBe(9_999m);
    }

    [Fact]
    public async Task EnforcesTheStopWhenTheRestingStopOrderIsGone()
    {
        var (b, p) = await OpenLongAt100StopAt99();
        var preset = TradingBuilder.Preset();
        await b.Paper.CancelOrderAsync(p.InstrumentId, p.StopOrderId!);

        // The bar closes below the stop; with no stop resting, the engine itself must close the position.
        b.Bar(100m, 100.1m, 98.6m, 98.8m);
        await b.Positions.ManageAsync(preset);

        p.Status.ShouldBe(PositionStatus.Closed);
        p.CloseReason.ShouldBe(ExitReason.StopLoss);
        p.Exits.ShouldHaveSingleItem().Price.ShouldBe(98.8m);
    }

    [Fact]
    public async Task RePlacesAMissingStopWhileThePriceIsStillAboveIt()
    {
        var (b, p) = await OpenLongAt100StopAt99();
        var preset = TradingBuilder.Preset();
        await b.Paper.CancelOrderAsync(p.InstrumentId, p.StopOrderId!);

        b.Bar(100m, 100.4m, 99.6m, 100.2m);
        var report = await b.Positions.ManageAsync(preset);

        report.ProtectiveOrdersRepaired.ShouldBe(1);
        (await b.Paper.GetOpenOrdersAsync()).ShouldContain(o => o.Type == OrderType.StopMarket && o.TriggerPrice == 99m);
    }

    [Fact]
    public async Task ClosesAfterTheMaximumHoldTimeWithAMarketOrder()
    {
        var (b, p) = await OpenLongAt100StopAt99(c => c with { MaxHoldTimeHours = 1, NoProgressHours = 0 });
        var preset = TradingBuilder.Preset(c => c with { Tp1R = 1, Tp2R = 2, Tp1SizePct = 0.5, Tp2SizePct = 0.5, MaxHoldTimeHours = 1, NoProgressHours = 0 });

        for (var i = 0; i < 13; i++)
        {
            b.Bar(100m, 100.3m, 99.7m, 100.2m);
            await b.Positions.ManageAsync(preset);
        }

        p.Status.ShouldBe(PositionStatus.Closed);
        p.CloseReason.ShouldBe(ExitReason.MaxHoldTime);
        p.Exits.ShouldHaveSingleItem().Price.ShouldBe(100.2m);
    }

    [Fact]
    public async Task TrailsTheStopWithTheChandelierAfterTp1AndNeverLoosensIt()
    {
        var (b, p) = await OpenLongAt100StopAt99(c => c with { Tp2R = 5, Tp2SizePct = 0.25, ChandelierLookbackBars = 5, ChandelierAtrMult = 1 });
        var preset = TradingBuilder.Preset(c => c with { Tp1R = 1, Tp2R = 5, Tp1SizePct = 0.5, Tp2SizePct = 0.25, ChandelierLookbackBars = 5, ChandelierAtrMult = 1, NoProgressHours = 0 });
        b.Market.ConfigureChandelier(5, 1);

        var stops = new List<decimal>();
        var price = 100m;
        for (var i = 0; i < 12; i++)
        {
            b.Bar(price, price + 0.6m, price - 0.1m, price + 0.5m);
            price += 0.5m;
            await b.Positions.ManageAsync(preset);
            stops.Add(p.StopLoss);
        }

        p.Tp1Done.ShouldBeTrue();
        p.TrailingActive.ShouldBeTrue();
        p.StopLoss.ShouldBeGreaterThan(100.1m);
        stops.Zip(stops.Skip(1)).ShouldAllBe(pair => pair.Second >= pair.First);
        (await b.Paper.GetOpenOrdersAsync()).Single(o => o.Type == OrderType.StopMarket).TriggerPrice.ShouldBe(p.StopLoss);
    }

    [Fact]
    public async Task FlattenAllClosesEveryPositionWithRealOrders()
    {
        var (b, p) = await OpenLongAt100StopAt99();

        var n = await b.Positions.FlattenAllAsync(ExitReason.KillSwitch);
        await b.Positions.ManageAsync(TradingBuilder.Preset());

        n.ShouldBe(1);
        p.Status.ShouldBe(PositionStatus.Closed);
        p.CloseReason.ShouldBe(ExitReason.KillSwitch);
        (await b.Paper.GetOpenOrdersAsync()).ShouldBeEmpty();
    }
}
