using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges;

/// <summary>Stops, take-profits and limits: when a bar triggers them, at what price, and which wins in one bar.</summary>
public partial class PaperExchangeClientTests
{
    [Fact]
    public async Task ALongStopTriggersOnTheBarLowAndFillsAtTheTriggerWithSlippage()
    {
        var paper = Create(new PaperExchangeOptions { SlippageBps = 2m, TakerFeeBps = 0m, MakerFeeBps = 0m });
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m), Ct);
        var stop = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 1m, 95m, reduceOnly: true), Ct)).Order!;

        paper.OnCandle(Sol, Bar(100m, 101m, 95.01m, 96m));
        (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!.Status.ShouldBe(OrderStatus.New);

        paper.OnCandle(Sol, Bar(96m, 97m, 94m, 96.5m));

        var filled = (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!;
        filled.Status.ShouldBe(OrderStatus.Filled);
        filled.AverageFillPrice.ShouldBe(94.98m); // 95 * (1 - 0.0002) = 94.981, rounded down to the 0.01 tick
        (await paper.GetPositionsAsync(Ct)).ShouldBeEmpty();
        paper.GetMarkPrice(Sol).ShouldBe(96.5m);
    }

    [Fact]
    public async Task BarsOfSeveralInstrumentsHandedOverTogetherActAsOneByOne()
    {
        async Task<PaperExchangeClient> Holding()
        {
            var p = Create(new PaperExchangeOptions { SlippageBps = 2m, TakerFeeBps = 5m, MakerFeeBps = 0m });
            p.SetMarkPrice(Sol, 100m);
            p.SetMarkPrice(Btc, 40_000m);
            await p.PlaceOrderAsync(Market(OrderSide.Buy, 2m), Ct);
            await p.PlaceOrderAsync(new OrderRequest(NextId(), Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct);
            await p.PlaceOrderAsync(Stop(OrderSide.Sell, 2m, 95m, reduceOnly: true), Ct);
            return p;
        }
        var together = await Holding();
        var oneByOne = await Holding();
        var sol = Bar(100m, 101m, 94m, 96m);
        var btc = Bar(40_000m, 40_500m, 39_900m, 40_400m);

        together.OnCandles([together.MarketFor(Sol), together.MarketFor(Btc)], [sol, btc]);
        oneByOne.OnCandle(Sol, sol);
        oneByOne.OnCandle(Btc, btc);

        // The SOL stop filled on its bar's low, BTC is marked at its close: the same account either way.
        (await together.GetPositionsAsync(Ct)).ShouldHaveSingleItem().InstrumentId.ShouldBe(Btc);
        (await together.GetBalanceAsync(Ct)).ShouldBe(await oneByOne.GetBalanceAsync(Ct));
        (together.GetMarkPrice(Sol), together.GetMarkPrice(Btc)).ShouldBe((96m, 40_400m));
        Should.Throw<ArgumentException>(() => together.OnCandles([together.MarketFor(Sol), together.MarketFor(Btc)], [sol])).ParamName.ShouldBe("candles");
        // Another account's market is refused, and so is an instrument the account does not know.
        Should.Throw<ArgumentException>(() => together.OnCandles([oneByOne.MarketFor(Sol)], [sol])).ParamName.ShouldBe("markets");
        Should.Throw<DomainException>(() => together.MarketFor("DOGE-USDT-SWAP"));
    }

    [Fact]
    public async Task ARestingOrderFillsOnItsBarWhateverClosedBeforeIt()
    {
        // A bar skips an instrument with no resting order: the count behind that must follow every way an order leaves
        // the book (cancelled, filled, cancelled when its position closed) and come back with the next one.
        var paper = Create(new PaperExchangeOptions { SlippageBps = 0m, TakerFeeBps = 0m, MakerFeeBps = 0m });
        var sol = paper.MarketFor(Sol);
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 2m), Ct);
        var first = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 2m, 90m, reduceOnly: true), Ct)).Order!;
        (await paper.CancelOrderAsync(Sol, first.OrderId, Ct)).IsSuccess.ShouldBeTrue();
        var stop = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 2m, 95m, reduceOnly: true), Ct)).Order!;
        var target = (await paper.PlaceOrderAsync(TakeProfit(OrderSide.Sell, 2m, 110m), Ct)).Order!;

        paper.OnCandles([sol], [Bar(100m, 101m, 94m, 96m)]);

        (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!.Status.ShouldBe(OrderStatus.Filled);
        (await paper.GetOrderAsync(Sol, target.OrderId, Ct))!.Status.ShouldBe(OrderStatus.Cancelled);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m), Ct);
        var next = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 1m, 92m, reduceOnly: true), Ct)).Order!;

        paper.OnCandles([sol], [Bar(96m, 97m, 91m, 93m)]);

        (await paper.GetOrderAsync(Sol, next.OrderId, Ct))!.Status.ShouldBe(OrderStatus.Filled);
        (await paper.GetPositionsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AShortStopTriggersOnTheBarHigh()
    {
        var paper = Create(new PaperExchangeOptions { SlippageBps = 2m, TakerFeeBps = 5m, MakerFeeBps = 0m });
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Sell, 1m), Ct);
        var stop = (await paper.PlaceOrderAsync(Stop(OrderSide.Buy, 1m, 105m, reduceOnly: true), Ct)).Order!;

        paper.OnCandle(Sol, Bar(100m, 105m, 99m, 104m));

        var filled = (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!;
        filled.Status.ShouldBe(OrderStatus.Filled);
        filled.AverageFillPrice.ShouldBe(105.03m); // 105 * 1.0002 = 105.021, rounded up to the 0.01 tick
        filled.Fee.ShouldBe(0.052515m);            // 105.03 * 0.0005
        (await paper.GetPositionsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AStopFillsAtTheOpenWhenTheBarGapsThroughIt()
    {
        var paper = Create(new PaperExchangeOptions { SlippageBps = 2m, TakerFeeBps = 0m, MakerFeeBps = 0m });
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m), Ct);
        var stop = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 1m, 95m, reduceOnly: true), Ct)).Order!;

        paper.OnCandle(Sol, Bar(90m, 92m, 89m, 91m));

        (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!.AverageFillPrice.ShouldBe(89.98m); // 90 * 0.9998 = 89.982, rounded down to the tick
    }

    [Fact]
    public async Task WhenStopAndTakeProfitAreBothHitInOneBarTheStopWinsAndTheTakeProfitIsCancelled()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 2m), Ct);
        // The take-profit is placed first, so placement order cannot be what makes the stop win.
        var takeProfit = (await paper.PlaceOrderAsync(TakeProfit(OrderSide.Sell, 2m, 110m), Ct)).Order!;
        var stop = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 2m, 95m, reduceOnly: true), Ct)).Order!;

        paper.OnCandle(Sol, Bar(100m, 111m, 94m, 105m));

        (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!.Status.ShouldBe(OrderStatus.Filled);
        var cancelled = (await paper.GetOrderAsync(Sol, takeProfit.OrderId, Ct))!;
        cancelled.Status.ShouldBe(OrderStatus.Cancelled);
        cancelled.FilledQuantity.ShouldBe(0m);
        (await paper.GetPositionsAsync(Ct)).ShouldBeEmpty();
        (await paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
        (await paper.GetFillsAsync(0, Ct)).Count.ShouldBe(2);
        (await paper.GetBalanceAsync(Ct)).RealizedPnl.ShouldBe(-10m);
    }

    [Fact]
    public async Task ATakeProfitFillsAtItsTriggerAndCutsTheStopToTheRemainingPosition()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 5m), Ct);
        var stop = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 5m, 95m, reduceOnly: true), Ct)).Order!;
        var takeProfit = (await paper.PlaceOrderAsync(TakeProfit(OrderSide.Sell, 2m, 110m), Ct)).Order!;

        paper.OnCandle(Sol, Bar(100m, 115m, 99m, 112m));

        var tp = (await paper.GetOrderAsync(Sol, takeProfit.OrderId, Ct))!;
        tp.Status.ShouldBe(OrderStatus.Filled);
        tp.AverageFillPrice.ShouldBe(110m);
        var trimmedStop = (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!;
        trimmedStop.Status.ShouldBe(OrderStatus.New);
        trimmedStop.Quantity.ShouldBe(3m);
        (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(3m);
    }

    [Fact]
    public async Task ALimitOrderRestsUntilABarTradesThroughItThenFillsAtItsPriceAsMaker()
    {
        var paper = Create(new PaperExchangeOptions { SlippageBps = 2m, TakerFeeBps = 5m, MakerFeeBps = 2m });
        paper.SetMarkPrice(Sol, 100m);

        var placed = await paper.PlaceOrderAsync(Limit(OrderSide.Buy, 1m, 98m), Ct);
        placed.Order!.Status.ShouldBe(OrderStatus.New);
        (await paper.GetFillsAsync(0, Ct)).ShouldBeEmpty();

        paper.OnCandle(Sol, Bar(100m, 100.5m, 98m, 99m)); // touches 98 only
        (await paper.GetOrderAsync(Sol, placed.Order.OrderId, Ct))!.Status.ShouldBe(OrderStatus.New);

        paper.OnCandle(Sol, Bar(99m, 99.5m, 97.5m, 98.5m));

        var fill = (await paper.GetFillsAsync(0, Ct)).ShouldHaveSingleItem();
        fill.Price.ShouldBe(98m);
        fill.IsMaker.ShouldBeTrue();
        fill.Fee.ShouldBe(0.0196m); // 98 * 0.0002
        (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem().AverageEntryPrice.ShouldBe(98m);
    }

    [Fact]
    public async Task AMarketableLimitFillsAtOnceAsTakerWithinItsLimitAndOtherwiseRests()
    {
        var paper = Create(new PaperExchangeOptions { SlippageBps = 2m, TakerFeeBps = 5m, MakerFeeBps = 2m });
        paper.SetMarkPrice(Sol, 100m);

        var generous = (await paper.PlaceOrderAsync(Limit(OrderSide.Buy, 1m, 101m), Ct)).Order!;
        var tight = (await paper.PlaceOrderAsync(Limit(OrderSide.Sell, 1m, 99.99m), Ct)).Order!;

        generous.Status.ShouldBe(OrderStatus.Filled);
        generous.AverageFillPrice.ShouldBe(100.02m);
        // The slipped market (99.98) is beyond the limit: without a known depth nothing fills within it (ADR-007), so
        // the good-till-cancel limit rests, unfilled.
        tight.Status.ShouldBe(OrderStatus.New);
        tight.FilledQuantity.ShouldBe(0m);
        (await paper.GetFillsAsync(0, Ct)).ShouldHaveSingleItem().IsMaker.ShouldBeFalse();
    }
}
