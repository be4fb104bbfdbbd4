using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges;

public class PaperExchangeClientTests
{
    private const string Sol = "SOL-USDT-SWAP";
    private const string Btc = "BTC-USDT-SWAP";
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // SOL: 1 coin per contract, lot 1 => quantity step 1 coin. BTC: 0.01 coin per contract => step 0.01 coin.
    private static readonly Instrument SolInstrument = new(Sol, InstrumentKind.Swap, 0.01m, 1m, 1m, 1m);
    private static readonly Instrument BtcInstrument = new(Btc, InstrumentKind.Swap, 0.1m, 1m, 1m, 0.01m);

    private readonly FakeTimeProvider _clock = new(Start);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private int _clientIds;

    [Fact]
    public async Task MarketBuyThenSellAtTheSamePriceWithoutCostsLeavesCashUnchanged()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);

        (await paper.PlaceOrderAsync(Market(OrderSide.Buy, 10m), Ct)).IsSuccess.ShouldBeTrue();
        (await paper.PlaceOrderAsync(Market(OrderSide.Sell, 10m), Ct)).IsSuccess.ShouldBeTrue();

        var balance = await paper.GetBalanceAsync(Ct);
        balance.Cash.ShouldBe(10_000m);
        balance.Equity.ShouldBe(10_000m);
        balance.FeesPaid.ShouldBe(0m);
        (await paper.GetPositionsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task BooksTakerFeesAndSlippageExactly()
    {
        var paper = Create(new PaperExchangeOptions { SlippageBps = 2m, TakerFeeBps = 5m, MakerFeeBps = 2m });
        paper.SetMarkPrice(Sol, 100m);

        var buy = (await paper.PlaceOrderAsync(Market(OrderSide.Buy, 10m), Ct)).Order!;
        var sell = (await paper.PlaceOrderAsync(Market(OrderSide.Sell, 10m), Ct)).Order!;

        // Buy: 100 * 1.0002 = 100.02, fee 10 * 100.02 * 0.0005 = 0.5001.
        buy.Status.ShouldBe(OrderStatus.Filled);
        buy.AverageFillPrice.ShouldBe(100.02m);
        buy.Fee.ShouldBe(0.5001m);
        // Sell: 100 * 0.9998 = 99.98, fee 10 * 99.98 * 0.0005 = 0.4999.
        sell.AverageFillPrice.ShouldBe(99.98m);
        sell.Fee.ShouldBe(0.4999m);
        var fills = await paper.GetFillsAsync(0, Ct);
        fills.Select(f => f.IsMaker).ShouldAllBe(maker => !maker);

        // Realised: 10 * (99.98 - 100.02) = -0.4; fees 1.0.
        var balance = await paper.GetBalanceAsync(Ct);
        balance.RealizedPnl.ShouldBe(-0.4m);
        balance.FeesPaid.ShouldBe(1.0m);
        balance.Cash.ShouldBe(9_998.6m);
        balance.Equity.ShouldBe(9_998.6m);
    }

    [Fact]
    public async Task RealisesProfitOnALong()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 2m), Ct);
        paper.SetMarkPrice(Sol, 110m);

        var open = (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem();
        open.Quantity.ShouldBe(2m);
        open.AverageEntryPrice.ShouldBe(100m);
        open.UnrealizedPnl.ShouldBe(20m);
        (await paper.GetBalanceAsync(Ct)).Equity.ShouldBe(10_020m);

        await paper.PlaceOrderAsync(Market(OrderSide.Sell, 2m), Ct);

        var balance = await paper.GetBalanceAsync(Ct);
        balance.RealizedPnl.ShouldBe(20m);
        balance.Cash.ShouldBe(10_020m);
        balance.UnrealizedPnl.ShouldBe(0m);
    }

    [Fact]
    public async Task RealisesProfitOnAShortWhenPriceFallsAndLossWhenItRises()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Sell, 3m), Ct);
        paper.SetMarkPrice(Sol, 90m);

        var open = (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem();
        open.Quantity.ShouldBe(-3m);
        open.UnrealizedPnl.ShouldBe(30m);

        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 3m), Ct);
        (await paper.GetBalanceAsync(Ct)).RealizedPnl.ShouldBe(30m);

        await paper.PlaceOrderAsync(Market(OrderSide.Sell, 1m), Ct);
        paper.SetMarkPrice(Sol, 95m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m), Ct);

        var balance = await paper.GetBalanceAsync(Ct);
        balance.RealizedPnl.ShouldBe(25m);
        balance.Cash.ShouldBe(10_025m);
    }

    [Fact]
    public async Task AveragesTheEntryPriceWhenAPositionIsIncreased()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m), Ct);
        paper.SetMarkPrice(Sol, 120m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 3m), Ct);

        var position = (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem();
        position.Quantity.ShouldBe(4m);
        position.AverageEntryPrice.ShouldBe(115m);
        position.UnrealizedPnl.ShouldBe(20m);
    }

    [Fact]
    public async Task PartialCloseRealisesOnlyTheClosedPart()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 4m), Ct);
        paper.SetMarkPrice(Sol, 105m);

        await paper.PlaceOrderAsync(Market(OrderSide.Sell, 1m), Ct);

        var position = (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem();
        position.Quantity.ShouldBe(3m);
        position.AverageEntryPrice.ShouldBe(100m);
        position.RealizedPnl.ShouldBe(5m);
        position.UnrealizedPnl.ShouldBe(15m);
        var balance = await paper.GetBalanceAsync(Ct);
        balance.Cash.ShouldBe(10_005m);
        balance.Equity.ShouldBe(10_020m);
    }

    [Fact]
    public async Task ASellLargerThanTheLongClosesItAndOpensAShortAtTheFillPrice()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 2m), Ct);
        paper.SetMarkPrice(Sol, 110m);

        await paper.PlaceOrderAsync(Market(OrderSide.Sell, 5m), Ct);

        var position = (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem();
        position.Quantity.ShouldBe(-3m);
        position.AverageEntryPrice.ShouldBe(110m);
        position.RealizedPnl.ShouldBe(0m);
        (await paper.GetBalanceAsync(Ct)).RealizedPnl.ShouldBe(20m);
    }

    [Fact]
    public async Task RejectsReduceOnlyOrdersThatWouldOpenOrIncreaseAPosition()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);

        var whenFlat = await paper.PlaceOrderAsync(Market(OrderSide.Sell, 1m, reduceOnly: true), Ct);
        whenFlat.Error.ShouldBe(ExchangeErrorCode.ReduceOnlyWouldIncrease);

        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 2m), Ct);
        var sameSide = await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m, reduceOnly: true), Ct);
        sameSide.Error.ShouldBe(ExchangeErrorCode.ReduceOnlyWouldIncrease);
        var restingSameSide = await paper.PlaceOrderAsync(Stop(OrderSide.Buy, 1m, 120m, reduceOnly: true), Ct);
        restingSameSide.Error.ShouldBe(ExchangeErrorCode.ReduceOnlyWouldIncrease);
        (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(2m);
    }

    [Fact]
    public async Task TrimsAReduceOnlyOrderToThePositionSize()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 2m), Ct);

        var result = await paper.PlaceOrderAsync(Market(OrderSide.Sell, 5m, reduceOnly: true), Ct);

        result.IsSuccess.ShouldBeTrue();
        result.Order!.Quantity.ShouldBe(2m);
        result.Order.FilledQuantity.ShouldBe(2m);
        (await paper.GetPositionsAsync(Ct)).ShouldBeEmpty();
    }

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

    [Fact]
    public async Task CancelsAnOpenOrderOnceAndThenReportsItNotFound()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        var order = (await paper.PlaceOrderAsync(Limit(OrderSide.Buy, 1m, 90m), Ct)).Order!;

        var cancelled = await paper.CancelOrderAsync(Sol, order.OrderId, Ct);

        cancelled.Order!.Status.ShouldBe(OrderStatus.Cancelled);
        (await paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
        (await paper.CancelOrderAsync(Sol, order.OrderId, Ct)).Error.ShouldBe(ExchangeErrorCode.OrderNotFound);
        (await paper.CancelOrderAsync(Sol, "P999", Ct)).Error.ShouldBe(ExchangeErrorCode.OrderNotFound);
        paper.OnCandle(Sol, Bar(100m, 100m, 80m, 85m));
        (await paper.GetFillsAsync(0, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task OpenOrdersShowEveryChangeToAnOrderAndTheSameSnapshotWhileItIsUnchanged()
    {
        // An order's snapshot is kept between reads (they come on every management pass): a resize, an amendment and a
        // fill must each show in the next read.
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 3m), Ct);
        var stop = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 3m, 95m, reduceOnly: true), Ct)).Order!;
        var first = (await paper.GetOpenOrdersAsync(Ct)).Single();
        (await paper.GetOpenOrdersAsync(Ct)).Single().ShouldBeSameAs(first);

        (await paper.ResizeOrderAsync(Sol, stop.OrderId, 2m, Ct)).IsSuccess.ShouldBeTrue();
        (await paper.GetOpenOrdersAsync(Ct)).Single().Quantity.ShouldBe(2m);

        (await paper.AmendOrderAsync(Sol, stop.OrderId, null, 96m, Ct)).IsSuccess.ShouldBeTrue();
        (await paper.GetOpenOrdersAsync(Ct)).Single().TriggerPrice.ShouldBe(96m);

        paper.OnCandle(Sol, Bar(100m, 100m, 90m, 92m));
        (await paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
        var filled = await paper.GetOrderAsync(Sol, stop.OrderId, Ct);
        filled!.Status.ShouldBe(OrderStatus.Filled);
        filled.FilledQuantity.ShouldBe(2m);
    }

    [Fact]
    public async Task AmendsAStopTriggerAndALimitPrice()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m), Ct);
        var stop = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 1m, 95m, reduceOnly: true), Ct)).Order!;
        var limit = (await paper.PlaceOrderAsync(Limit(OrderSide.Buy, 1m, 90m), Ct)).Order!;

        var amendedStop = await paper.AmendOrderAsync(Sol, stop.OrderId, null, 98m, Ct);
        var amendedLimit = await paper.AmendOrderAsync(Sol, limit.OrderId, 92m, null, Ct);
        (await paper.AmendOrderAsync(Sol, stop.OrderId, 97m, null, Ct)).Error.ShouldBe(ExchangeErrorCode.InvalidRequest);
        (await paper.AmendOrderAsync(Sol, limit.OrderId, null, null, Ct)).Error.ShouldBe(ExchangeErrorCode.InvalidRequest);

        amendedStop.Order!.TriggerPrice.ShouldBe(98m);
        amendedLimit.Order!.Price.ShouldBe(92m);
        paper.OnCandle(Sol, Bar(100m, 100m, 97.5m, 99m));
        var filled = (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!;
        filled.Status.ShouldBe(OrderStatus.Filled);
        filled.AverageFillPrice.ShouldBe(98m);
        (await paper.GetOrderAsync(Sol, limit.OrderId, Ct))!.Status.ShouldBe(OrderStatus.New);
        (await paper.AmendOrderAsync(Sol, stop.OrderId, null, 90m, Ct)).Error.ShouldBe(ExchangeErrorCode.OrderNotFound);
    }

    [Theory]
    [InlineData("unknown", ExchangeErrorCode.UnknownInstrument)]
    [InlineData("zero", ExchangeErrorCode.InvalidRequest)]
    [InlineData("negative", ExchangeErrorCode.InvalidRequest)]
    [InlineData("off-step", ExchangeErrorCode.InvalidRequest)]
    [InlineData("below-min", ExchangeErrorCode.BelowMinimumSize)]
    [InlineData("limit-no-price", ExchangeErrorCode.InvalidRequest)]
    [InlineData("stop-no-trigger", ExchangeErrorCode.InvalidRequest)]
    [InlineData("tp-no-trigger", ExchangeErrorCode.InvalidRequest)]
    [InlineData("no-client-id", ExchangeErrorCode.InvalidRequest)]
    public async Task RejectsInvalidRequestsWithAClearError(string kind, ExchangeErrorCode expected)
    {
        var btcWithMinimum = new Instrument(Btc, InstrumentKind.Swap, 0.1m, 1m, 10m, 0.01m); // min 0.1 BTC
        var paper = new PaperExchangeClient([SolInstrument, btcWithMinimum], _clock, ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        paper.SetMarkPrice(Btc, 40_000m);
        var request = kind switch
        {
            "unknown" => Market(OrderSide.Buy, 1m) with { InstrumentId = "NOPE-USDT-SWAP" },
            "zero" => Market(OrderSide.Buy, 0m),
            "negative" => Market(OrderSide.Buy, -1m),
            "off-step" => Market(OrderSide.Buy, 0.123m) with { InstrumentId = Btc },
            "below-min" => Market(OrderSide.Buy, 0.05m) with { InstrumentId = Btc },
            "limit-no-price" => new OrderRequest(NextId(), Sol, OrderSide.Buy, OrderType.Limit, 1m),
            "stop-no-trigger" => new OrderRequest(NextId(), Sol, OrderSide.Sell, OrderType.StopMarket, 1m),
            "tp-no-trigger" => new OrderRequest(NextId(), Sol, OrderSide.Sell, OrderType.TakeProfitMarket, 1m, TriggerPrice: 0m),
            _ => Market(OrderSide.Buy, 1m) with { ClientOrderId = " " },
        };

        var result = await paper.PlaceOrderAsync(request, Ct);

        result.IsSuccess.ShouldBeFalse();
        result.Error.ShouldBe(expected);
        result.Message.ShouldNotBeNullOrWhiteSpace();
        (await paper.GetFillsAsync(0, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ClosesARemainderBelowTheMinimumSizeWithAReduceOnlyOrder()
    {
        var btcWithMinimum = new Instrument(Btc, InstrumentKind.Swap, 0.1m, 1m, 10m, 0.01m); // min 0.1 BTC, step 0.01
        var paper = new PaperExchangeClient([SolInstrument, btcWithMinimum], _clock, ZeroCosts());
        paper.SetMarkPrice(Btc, 40_000m);
        (await paper.PlaceOrderAsync(Market(OrderSide.Buy, 0.15m) with { InstrumentId = Btc }, Ct)).IsSuccess.ShouldBeTrue();
        (await paper.PlaceOrderAsync(Market(OrderSide.Sell, 0.1m) with { InstrumentId = Btc, ReduceOnly = true }, Ct)).IsSuccess.ShouldBeTrue();

        var rest = await paper.PlaceOrderAsync(Market(OrderSide.Sell, 0.05m) with { InstrumentId = Btc, ReduceOnly = true }, Ct);

        rest.IsSuccess.ShouldBeTrue(rest.Message);
        (await paper.GetPositionsAsync(Ct)).Where(p => p.Quantity != 0).ShouldBeEmpty();
    }

    [Fact]
    public async Task RejectsADuplicateClientOrderIdAndFindsOrdersByClientId()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        var first = new OrderRequest("entry1", Sol, OrderSide.Buy, OrderType.Limit, 1m, Price: 90m);

        (await paper.PlaceOrderAsync(first, Ct)).IsSuccess.ShouldBeTrue();
        var again = await paper.PlaceOrderAsync(first with { Price = 91m }, Ct);

        again.Error.ShouldBe(ExchangeErrorCode.InvalidRequest);
        again.Message!.ShouldContain("entry1");
        var found = await paper.GetOrderByClientIdAsync(Sol, "entry1", Ct);
        found.ShouldNotBeNull().Price.ShouldBe(90m);
        (await paper.GetOrderByClientIdAsync(Btc, "entry1", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task RejectsAMarketOrderBeforeTheFirstPrice()
    {
        var paper = Create(ZeroCosts());

        var result = await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m), Ct);

        result.Error.ShouldBe(ExchangeErrorCode.NoMarketPrice);
    }

    [Fact]
    public async Task RejectsPositionsBeyondTheLeverageButAlwaysAllowsReducing()
    {
        var paper = Create(ZeroCosts()); // 10,000 equity at 3x => 30,000 notional
        paper.SetMarkPrice(Sol, 100m);

        (await paper.PlaceOrderAsync(Market(OrderSide.Buy, 301m), Ct)).Error.ShouldBe(ExchangeErrorCode.InsufficientMargin);
        (await paper.PlaceOrderAsync(Market(OrderSide.Buy, 300m), Ct)).IsSuccess.ShouldBeTrue();
        (await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m), Ct)).Error.ShouldBe(ExchangeErrorCode.InsufficientMargin);
        (await paper.PlaceOrderAsync(Limit(OrderSide.Buy, 1m, 90m), Ct)).Error.ShouldBe(ExchangeErrorCode.InsufficientMargin);

        paper.SetMarkPrice(Sol, 80m); // equity 4,000 supports only 12,000 notional; the position is 24,000
        (await paper.PlaceOrderAsync(Market(OrderSide.Sell, 100m), Ct)).IsSuccess.ShouldBeTrue();
        (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(200m);
    }

    [Fact]
    public async Task NumbersFillsFromOneAndReturnsThoseAfterASequence()
    {
        var paper = Create(ZeroCosts());
        paper.SetMarkPrice(Sol, 100m);
        var first = (await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m), Ct)).Order!;
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m), Ct);
        await paper.PlaceOrderAsync(Market(OrderSide.Sell, 2m), Ct);

        var all = await paper.GetFillsAsync(0, Ct);
        var later = await paper.GetFillsAsync(1, Ct);

        first.OrderId.ShouldBe("P1");
        all.Select(f => f.Sequence).ShouldBe([1L, 2L, 3L]);
        all.Select(f => f.FillId).ShouldBe(["F1", "F2", "F3"]);
        all[0].OrderId.ShouldBe("P1");
        all[0].Time.ShouldBe(Start);
        later.Select(f => f.Sequence).ShouldBe([2L, 3L]);
        (await paper.GetFillsAsync(3, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task KeepsTheAccountingIdentitiesThroughFiveHundredRandomActions()
    {
        var random = new Random(20240101);
        var options = new PaperExchangeOptions { SlippageBps = 3m, TakerFeeBps = 5m, MakerFeeBps = 2m, StartingBalance = 50_000m };
        var paper = Create(options);
        var instruments = new[] { SolInstrument, BtcInstrument };
        var marks = new Dictionary<string, decimal> { [Sol] = 100m, [Btc] = 40_000m };
        foreach (var (id, price) in marks)
        {
            paper.SetMarkPrice(id, price);
        }
        var ledger = new Dictionary<string, (decimal Quantity, decimal Average)>();
        var realizedFromFills = 0m;
        long seenFills = 0;

        for (var step = 0; step < 500; step++)
        {
            var instrument = instruments[random.Next(instruments.Length)];
            var mark = marks[instrument.Id];
            var side = random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell;
            var quantity = instrument.QuantityStep * random.Next(1, 40);
            var away = instrument.RoundPrice(mark * (decimal)(0.9 + (random.NextDouble() * 0.2)));
            var roll = random.Next(100);
            if (roll < 30)
            {
                await paper.PlaceOrderAsync(new OrderRequest(NextId(), instrument.Id, side, OrderType.Market, quantity, ReduceOnly: random.Next(4) == 0), Ct);
            }
            else if (roll < 50)
            {
                var type = (OrderType)random.Next(1, 4);
                await paper.PlaceOrderAsync(new OrderRequest(
                    NextId(), instrument.Id, side, type, quantity,
                    Price: type == OrderType.Limit ? away : null,
                    TriggerPrice: type == OrderType.Limit ? null : away,
                    ReduceOnly: random.Next(3) == 0), Ct);
            }
            else if (roll < 58)
            {
                var open = await paper.GetOpenOrdersAsync(Ct);
                if (open.Count > 0)
                {
                    var victim = open[random.Next(open.Count)];
                    await paper.CancelOrderAsync(victim.InstrumentId, victim.OrderId, Ct);
                }
            }
            else if (roll < 63)
            {
                var open = await paper.GetOpenOrdersAsync(Ct);
                if (open.Count > 0)
                {
                    var target = open[random.Next(open.Count)];
                    var price = instruments.Single(i => i.Id == target.InstrumentId).RoundPrice(marks[target.InstrumentId] * (decimal)(0.95 + (random.NextDouble() * 0.1)));
                    await (target.Type == OrderType.Limit
                        ? paper.AmendOrderAsync(target.InstrumentId, target.OrderId, price, null, Ct)
                        : paper.AmendOrderAsync(target.InstrumentId, target.OrderId, null, price, Ct));
                }
            }
            else
            {
                var candle = RandomBar(random, instrument, mark);
                _clock.Advance(Candle.Interval);
                paper.OnCandle(instrument.Id, candle);
                marks[instrument.Id] = candle.Close;
            }

            // An independent ledger rebuilt from the fills alone.
            foreach (var fill in await paper.GetFillsAsync(seenFills, Ct))
            {
                fill.Sequence.ShouldBe(seenFills + 1);
                fill.Quantity.ShouldBeGreaterThan(0m);
                fill.Fee.ShouldBeGreaterThanOrEqualTo(0m);
                seenFills = fill.Sequence;
                var (held, average) = ledger.GetValueOrDefault(fill.InstrumentId);
                var signed = fill.Side == OrderSide.Buy ? fill.Quantity : -fill.Quantity;
                if (held == 0 || Math.Sign(held) == Math.Sign(signed))
                {
                    ledger[fill.InstrumentId] = (held + signed, ((Math.Abs(held) * average) + (fill.Quantity * fill.Price)) / Math.Abs(held + signed));
                }
                else
                {
                    var closed = Math.Min(fill.Quantity, Math.Abs(held));
                    realizedFromFills += (held > 0 ? fill.Price - average : average - fill.Price) * closed;
                    var left = held + signed;
                    ledger[fill.InstrumentId] = (left, left == 0 ? 0m : Math.Sign(left) == Math.Sign(held) ? average : fill.Price);
                }
            }

            var fills = await paper.GetFillsAsync(0, Ct);
            var balance = await paper.GetBalanceAsync(Ct);
            var positions = await paper.GetPositionsAsync(Ct);
            var feesFromFills = fills.Sum(f => f.Fee);
            balance.FeesPaid.ShouldBe(feesFromFills);
            Math.Abs(balance.RealizedPnl - realizedFromFills).ShouldBeLessThan(0.000001m, $"step {step}");
            balance.Cash.ShouldBe(options.StartingBalance + balance.RealizedPnl - feesFromFills, $"step {step}");
            balance.Equity.ShouldBe(balance.Cash + positions.Sum(p => p.UnrealizedPnl), $"step {step}");
            foreach (var instrumentId in marks.Keys)
            {
                var held = positions.SingleOrDefault(p => p.InstrumentId == instrumentId)?.Quantity ?? 0m;
                held.ShouldBe(ledger.GetValueOrDefault(instrumentId).Quantity, $"step {step}");
            }
            foreach (var order in await paper.GetOpenOrdersAsync(Ct))
            {
                order.Quantity.ShouldBeGreaterThan(0m);
                order.FilledQuantity.ShouldBe(0m);
            }
        }

        seenFills.ShouldBeGreaterThan(100);
        var filledTypes = new HashSet<OrderType>();
        foreach (var fill in await paper.GetFillsAsync(0, Ct))
        {
            filledTypes.Add((await paper.GetOrderAsync(fill.InstrumentId, fill.OrderId, Ct))!.Type);
        }
        filledTypes.Count.ShouldBe(4, "every order type should have filled at least once in the random run");
    }

    private static Candle RandomBar(Random random, Instrument instrument, decimal previousClose)
    {
        var gap = random.Next(10) == 0 ? (decimal)((random.NextDouble() - 0.5) * 0.06) : 0m;
        var open = instrument.RoundPrice(previousClose * (1m + gap));
        var close = instrument.RoundPrice(open * (decimal)(1 + ((random.NextDouble() - 0.5) * 0.04)));
        var high = instrument.RoundPriceUp(Math.Max(open, close) * (decimal)(1 + (random.NextDouble() * 0.01)));
        var low = instrument.RoundPriceDown(Math.Min(open, close) * (decimal)(1 - (random.NextDouble() * 0.01)));
        return Candle.Create(Start, open, high, low, close, 100m);
    }

    private static PaperExchangeOptions ZeroCosts() => new() { SlippageBps = 0m, TakerFeeBps = 0m, MakerFeeBps = 0m };

    private static Candle Bar(decimal open, decimal high, decimal low, decimal close) => Candle.Create(Start, open, high, low, close, 1_000m);

    private PaperExchangeClient Create(PaperExchangeOptions options) => new([SolInstrument, BtcInstrument], _clock, options);

    private string NextId() => "c" + (++_clientIds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private OrderRequest Market(OrderSide side, decimal quantity, bool reduceOnly = false) =>
        new(NextId(), Sol, side, OrderType.Market, quantity, ReduceOnly: reduceOnly);

    private OrderRequest Limit(OrderSide side, decimal quantity, decimal price) =>
        new(NextId(), Sol, side, OrderType.Limit, quantity, Price: price);

    private OrderRequest Stop(OrderSide side, decimal quantity, decimal trigger, bool reduceOnly) =>
        new(NextId(), Sol, side, OrderType.StopMarket, quantity, TriggerPrice: trigger, ReduceOnly: reduceOnly);

    private OrderRequest TakeProfit(OrderSide side, decimal quantity, decimal trigger) =>
        new(NextId(), Sol, side, OrderType.TakeProfitMarket, quantity, TriggerPrice: trigger, ReduceOnly: true);
}
