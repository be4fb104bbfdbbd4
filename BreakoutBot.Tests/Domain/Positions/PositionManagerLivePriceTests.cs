using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Positions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;
using BreakoutBot.Tests.TestSupport.Fakes;

namespace BreakoutBot.Tests.Domain.Positions;

/// <summary>
/// A live engine's positions between bar closes: marked and judged at the freshest trade, not at the close of the last
/// 5-minute bar.
/// </summary>
public class PositionManagerLivePriceTests
{
    private static TradingPreset Preset() => TradingBuilder.Preset(c => c with { Tp1R = 1, Tp2R = 2, Tp1SizePct = 0.5, Tp2SizePct = 0.5 });

    /// <summary>A long of 1 at 100, stop 99, TP1 101 (half), TP2 102 (half); the last closed bar closed at 100.</summary>
    private static async Task<(TradingBuilder B, Position P)> OpenLongAt100StopAt99()
    {
        var b = new TradingBuilder();
        b.Bar(100m, 100.2m, 99.8m, 100m);
        var position = await b.Positions.OpenAsync(b.Approved(PositionSide.Long, 100m, 99m, 1m), Preset());
        position.ShouldNotBeNull();
        return (b, position);
    }

    [Fact]
    public async Task ATp1FilledOnATickBetweenBarsMovesTheStopToBreakevenAndKeepsTheRunner()
    {
        var (b, p) = await OpenLongAt100StopAt99();

        // A trade at 101.2 after the bar closed at 100: TP1 fills on the exchange, no new bar yet.
        b.Tick(101.2m);
        await b.Positions.ManageAsync(Preset());
        await b.Positions.ManageAsync(Preset());

        p.Tp1Done.ShouldBeTrue();
        p.Status.ShouldBe(PositionStatus.Open, "the runner was judged at the close of the bar before the tick");
        p.Quantity.ShouldBe(0.5m);
        p.LastPrice.ShouldBe(101.2m);
        p.StopLoss.ShouldBe(100.1m);
        p.BreakevenMoved.ShouldBeTrue();
        var stop = (await b.Paper.GetOpenOrdersAsync()).Single(o => o.Type == OrderType.StopMarket);
        stop.TriggerPrice.ShouldBe(100.1m);
        stop.Quantity.ShouldBe(0.5m);
    }

    [Fact]
    public async Task ATradeThroughTheStopClosesAPositionWithoutAStopBeforeTheBarCloses()
    {
        // The engine's own stop enforcement: the resting stop is gone and placing a new one is refused.
        var b = new TradingBuilder();
        var exchange = new FaultyExchange(b.Paper);
        var positions = new PositionManager(exchange, new ExecutionManager(exchange, b.Clock), b, b.Clock);
        b.Bar(100m, 100.2m, 99.8m, 100m);
        var p = (await positions.OpenAsync(b.Approved(PositionSide.Long, 100m, 99m, 1m), Preset())).ShouldNotBeNull();
        await b.Paper.CancelOrderAsync(p.InstrumentId, p.StopOrderId!);
        exchange.FailOrders(1, ExchangeErrorCode.Rejected);

        b.Tick(98.7m);
        await positions.ManageAsync(Preset());

        p.Status.ShouldBe(PositionStatus.Closed, "a live trade through the stop must not wait for the bar's close");
        p.CloseReason.ShouldBe(ExitReason.StopLoss);
        p.Exits.ShouldHaveSingleItem().Price.ShouldBe(98.7m);
    }

    [Fact]
    public async Task BreakevenWaitsWhileTheMarketIsThroughItAndMovesOnceItIsNot()
    {
        var (b, p) = await OpenLongAt100StopAt99();

        // TP1 fills on a spike to 101.2; when the engine looks, the market trades at 100.05, below breakeven (100.1).
        b.Tick(101.2m);
        b.Tick(100.05m);
        await b.Positions.ManageAsync(Preset());

        p.Tp1Done.ShouldBeTrue();
        p.Status.ShouldBe(PositionStatus.Open, "a stop moved to a price the market is through closes the runner at once");
        p.StopLoss.ShouldBe(99m);
        p.BreakevenMoved.ShouldBeFalse();
        (await b.Paper.GetOpenOrdersAsync()).Single(o => o.Type == OrderType.StopMarket).TriggerPrice.ShouldBe(99m);

        // Back above breakeven: the next pass moves the stop.
        b.Tick(100.4m);
        await b.Positions.ManageAsync(Preset());

        p.StopLoss.ShouldBe(100.1m);
        p.BreakevenMoved.ShouldBeTrue();
        var stop = (await b.Paper.GetOpenOrdersAsync()).Single(o => o.Type == OrderType.StopMarket);
        stop.TriggerPrice.ShouldBe(100.1m);
        stop.Quantity.ShouldBe(0.5m);
    }

    [Fact]
    public async Task InAReplayATp1BarThatClosesBelowBreakevenEndsTheRunnerAtThatClose()
    {
        var (b, p) = await OpenLongAt100StopAt99();

        // A replay's view: TP1 fills within the bar (high 101.3), which closes at 100.05, below breakeven (100.1). Live, the
        // stop would have gone to breakeven while the price was near TP1 and filled on the way down: the replay takes the
        // breakeven stop and ends the runner at the close, no better than live (not on the old stop at 99).
        b.Bar(100.3m, 101.3m, 100.0m, 100.05m);
        await b.Positions.ManageAsync(Preset());

        p.Tp1Done.ShouldBeTrue();
        p.Status.ShouldBe(PositionStatus.Closed);
        p.CloseReason.ShouldBe(ExitReason.BreakevenStop);
    }
}
