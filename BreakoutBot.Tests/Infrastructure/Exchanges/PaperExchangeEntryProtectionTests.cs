using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges;

/// <summary>
/// The paper exchange's entry protection: immediate-or-cancel limits, the stop an entry carries (created the moment the
/// entry fills, as OKX does with <c>attachAlgoOrds</c>) and resizing a protective order.
/// </summary>
public class PaperExchangeEntryProtectionTests
{
    private const string Sol = "SOL-USDT-SWAP";
    private const string Btc = "BTC-USDT-SWAP";
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // SOL: quantity step 1 coin, tick 0.01. BTC: quantity step 0.01 coin.
    private static readonly Instrument SolInstrument = new(Sol, InstrumentKind.Swap, 0.01m, 1m, 1m, 1m);
    private static readonly Instrument BtcInstrument = new(Btc, InstrumentKind.Swap, 0.1m, 1m, 1m, 0.01m);

    private readonly FakeTimeProvider _clock = new(Start);
    private int _clientIds;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(OrderSide.Buy, 99.5)]
    [InlineData(OrderSide.Sell, 100.5)]
    public async Task AnImmediateOrCancelLimitThatIsNotMarketableIsCancelledWithNothingFilled(OrderSide side, decimal limit)
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);

        var result = await paper.PlaceOrderAsync(Ioc(side, 2m, limit), Ct);

        result.IsSuccess.ShouldBeTrue(result.Message);
        result.Order!.Status.ShouldBe(OrderStatus.Cancelled);
        result.Order.FilledQuantity.ShouldBe(0m);
        result.Order.RejectReason.ShouldNotBeNull().ShouldContain("Immediate-or-cancel");
        (await paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
        // It does not rest: a later bar trading far through its limit fills nothing.
        paper.OnCandle(Sol, Bar(100m, 102m, 98m, 100m));
        (await paper.GetFillsAsync(0, Ct)).ShouldBeEmpty();
        (await paper.GetPositionsAsync(Ct)).Where(p => p.Quantity != 0).ShouldBeEmpty();
        (await paper.GetOrderAsync(Sol, result.Order.OrderId, Ct))!.Status.ShouldBe(OrderStatus.Cancelled);
    }

    [Fact]
    public async Task AnImmediateOrCancelLimitBeforeTheFirstPriceIsCancelledNotRested()
    {
        var paper = Create();

        var result = await paper.PlaceOrderAsync(Ioc(OrderSide.Buy, 1m, 100m), Ct);

        result.Order!.Status.ShouldBe(OrderStatus.Cancelled);
        (await paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AMarketableImmediateOrCancelLimitFillsLikeAMarketableLimit()
    {
        var costs = new PaperExchangeOptions { SlippageBps = 2m, TakerFeeBps = 5m, MakerFeeBps = 2m };
        var gtc = Create(costs);
        var ioc = Create(costs);
        gtc.SetMarkPrice(Sol, 100m);
        ioc.SetMarkPrice(Sol, 100m);

        var gtcBuy = (await gtc.PlaceOrderAsync(Limit(OrderSide.Buy, 1m, 101m), Ct)).Order!;
        var iocBuy = (await ioc.PlaceOrderAsync(Ioc(OrderSide.Buy, 1m, 101m), Ct)).Order!;
        var iocSell = (await ioc.PlaceOrderAsync(Ioc(OrderSide.Sell, 1m, 99.99m), Ct)).Order!;

        iocBuy.Status.ShouldBe(OrderStatus.Filled);
        iocBuy.FilledQuantity.ShouldBe(1m);
        iocBuy.AverageFillPrice.ShouldBe(100.02m); // the slipped market, better than the limit
        iocBuy.AverageFillPrice.ShouldBe(gtcBuy.AverageFillPrice);
        iocBuy.Fee.ShouldBe(gtcBuy.Fee);
        // The slipped market (99.98) is beyond the limit: nothing fills within it, and the IOC is cancelled unfilled.
        iocSell.Status.ShouldBe(OrderStatus.Cancelled);
        iocSell.FilledQuantity.ShouldBe(0m);
        (await ioc.GetFillsAsync(0, Ct)).ShouldHaveSingleItem().IsMaker.ShouldBeFalse();
    }

    [Theory]
    [InlineData(OrderSide.Buy, 95, OrderSide.Sell)]
    [InlineData(OrderSide.Sell, 105, OrderSide.Buy)]
    public async Task AMarketEntryCarryingAStopGetsAReduceOnlyStopForItsQuantityTheMomentItFills(OrderSide side, decimal trigger, OrderSide stopSide)
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);

        var entry = await paper.PlaceOrderAsync(Market(OrderSide.Buy, 3m) with { Side = side, AttachedStop = new AttachedStop("sl1", trigger), Tag = "entry:pos1" }, Ct);

        entry.Order!.Status.ShouldBe(OrderStatus.Filled);
        var stop = (await paper.GetOpenOrdersAsync(Ct)).ShouldHaveSingleItem();
        stop.ClientOrderId.ShouldBe("sl1");
        stop.Type.ShouldBe(OrderType.StopMarket);
        stop.Side.ShouldBe(stopSide);
        stop.Quantity.ShouldBe(3m);
        stop.TriggerPrice.ShouldBe(trigger);
        stop.ReduceOnly.ShouldBeTrue();
        stop.Tag.ShouldBe("sl-of-entry:pos1");
        (await paper.GetOrderByClientIdAsync(Sol, "sl1", Ct)).ShouldNotBeNull().OrderId.ShouldBe(stop.OrderId);
    }

    [Fact]
    public async Task TheStopAttachedToAnImmediateOrCancelEntryClosesThePositionWhenTheMarketReachesIt()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);

        var entry = await paper.PlaceOrderAsync(Ioc(OrderSide.Buy, 4m, 100.1m) with { AttachedStop = new AttachedStop("sl1", 97m) }, Ct);

        entry.Order!.Status.ShouldBe(OrderStatus.Filled);
        var stop = (await paper.GetOrderByClientIdAsync(Sol, "sl1", Ct)).ShouldNotBeNull();
        stop.Quantity.ShouldBe(4m);
        paper.OnCandle(Sol, Bar(100m, 100.5m, 96.5m, 97.5m));
        var filled = (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!;
        filled.Status.ShouldBe(OrderStatus.Filled);
        filled.AverageFillPrice.ShouldBe(97m);
        (await paper.GetPositionsAsync(Ct)).Where(p => p.Quantity != 0).ShouldBeEmpty();
    }

    [Fact]
    public async Task ARestingLimitEntryGetsItsStopOnlyWhenALaterBarFillsIt()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        var entry = (await paper.PlaceOrderAsync(Limit(OrderSide.Buy, 2m, 98m) with { AttachedStop = new AttachedStop("sl1", 95m) }, Ct)).Order!;

        entry.Status.ShouldBe(OrderStatus.New);
        (await paper.GetOrderByClientIdAsync(Sol, "sl1", Ct)).ShouldBeNull();
        paper.OnCandle(Sol, Bar(100m, 100.5m, 98.5m, 99m)); // does not reach 98
        (await paper.GetOrderByClientIdAsync(Sol, "sl1", Ct)).ShouldBeNull();

        paper.OnCandle(Sol, Bar(99m, 99.5m, 97.5m, 98.5m));

        (await paper.GetOrderAsync(Sol, entry.OrderId, Ct))!.Status.ShouldBe(OrderStatus.Filled);
        var stop = (await paper.GetOpenOrdersAsync(Ct)).ShouldHaveSingleItem();
        stop.ClientOrderId.ShouldBe("sl1");
        stop.Type.ShouldBe(OrderType.StopMarket);
        stop.Side.ShouldBe(OrderSide.Sell);
        stop.Quantity.ShouldBe(2m);
        stop.TriggerPrice.ShouldBe(95m);
        stop.ReduceOnly.ShouldBeTrue();
        // And it works: the next bar through 95 closes the position.
        paper.OnCandle(Sol, Bar(98.5m, 98.6m, 94m, 94.5m));
        (await paper.GetPositionsAsync(Ct)).Where(p => p.Quantity != 0).ShouldBeEmpty();
    }

    [Fact]
    public async Task AnImmediateOrCancelEntryThatDidNotFillCreatesNoStop()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);

        var entry = await paper.PlaceOrderAsync(Ioc(OrderSide.Buy, 2m, 99.9m) with { AttachedStop = new AttachedStop("sl1", 95m) }, Ct);

        entry.Order!.Status.ShouldBe(OrderStatus.Cancelled);
        (await paper.GetOrderByClientIdAsync(Sol, "sl1", Ct)).ShouldBeNull();
        (await paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
        paper.OnCandle(Sol, Bar(100m, 100m, 90m, 92m));
        (await paper.GetOrderByClientIdAsync(Sol, "sl1", Ct)).ShouldBeNull();
        (await paper.GetFillsAsync(0, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RejectsAnEntryWhoseAttachedStopReusesAClientIdAndFillsNothing()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        (await paper.PlaceOrderAsync(new OrderRequest("used1", Sol, OrderSide.Buy, OrderType.Limit, 1m, Price: 90m), Ct)).IsSuccess.ShouldBeTrue();

        var entry = await paper.PlaceOrderAsync(Market(OrderSide.Buy, 2m) with { AttachedStop = new AttachedStop("used1", 95m) }, Ct);

        entry.IsSuccess.ShouldBeFalse();
        entry.Error.ShouldBe(ExchangeErrorCode.InvalidRequest);
        entry.Message.ShouldNotBeNull().ShouldContain("used1");
        (await paper.GetFillsAsync(0, Ct)).ShouldBeEmpty();
        (await paper.GetPositionsAsync(Ct)).Where(p => p.Quantity != 0).ShouldBeEmpty();
    }

    [Fact]
    public async Task RejectsASecondEntryWhoseAttachedStopHasTheIdOfAnEarlierAttachedStop()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        (await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m) with { AttachedStop = new AttachedStop("sl1", 95m) }, Ct)).Order!.Status.ShouldBe(OrderStatus.Filled);

        var second = await paper.PlaceOrderAsync(Market(OrderSide.Buy, 1m) with { AttachedStop = new AttachedStop("sl1", 96m) }, Ct);

        second.Error.ShouldBe(ExchangeErrorCode.InvalidRequest);
        (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(1m);
        (await paper.GetOpenOrdersAsync(Ct)).ShouldHaveSingleItem().TriggerPrice.ShouldBe(95m);
    }

    [Fact]
    public async Task RejectsAnEntryWhoseAttachedStopIdIsAlreadyPromisedToARestingEntry()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        (await paper.PlaceOrderAsync(Limit(OrderSide.Buy, 1m, 98m) with { AttachedStop = new AttachedStop("sl1", 95m) }, Ct)).IsSuccess.ShouldBeTrue();

        var second = await paper.PlaceOrderAsync(Limit(OrderSide.Buy, 1m, 97m) with { AttachedStop = new AttachedStop("sl1", 94m) }, Ct);

        second.Error.ShouldBe(ExchangeErrorCode.InvalidRequest);
        second.Message.ShouldNotBeNull().ShouldContain("sl1");
    }

    [Fact]
    public async Task RejectsAnOrderWhoseClientIdIsPromisedToTheStopOfARestingEntry()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        (await paper.PlaceOrderAsync(Limit(OrderSide.Buy, 1m, 98m) with { AttachedStop = new AttachedStop("sl1", 95m) }, Ct)).IsSuccess.ShouldBeTrue();

        var clash = await paper.PlaceOrderAsync(new OrderRequest("sl1", Sol, OrderSide.Buy, OrderType.Limit, 1m, Price: 90m), Ct);

        clash.Error.ShouldBe(ExchangeErrorCode.InvalidRequest);
        clash.Message.ShouldNotBeNull().ShouldContain("sl1");
    }

    [Fact]
    public async Task ResizesAStopToCoverAGrownPosition()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 2m) with { AttachedStop = new AttachedStop("sl1", 95m) }, Ct);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 3m), Ct);
        var stop = (await paper.GetOrderByClientIdAsync(Sol, "sl1", Ct))!;
        stop.Quantity.ShouldBe(2m);

        var resized = await paper.ResizeOrderAsync(Sol, stop.OrderId, 5m, Ct);

        resized.IsSuccess.ShouldBeTrue(resized.Message);
        resized.Order!.Quantity.ShouldBe(5m);
        resized.Order.TriggerPrice.ShouldBe(95m);
        (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!.Quantity.ShouldBe(5m);
        paper.OnCandle(Sol, Bar(100m, 100m, 94m, 94.5m));
        (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!.FilledQuantity.ShouldBe(5m);
        (await paper.GetPositionsAsync(Ct)).Where(p => p.Quantity != 0).ShouldBeEmpty();
    }

    [Fact]
    public async Task ResizesAStopDownSoThatItClosesOnlyTheNewQuantity()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 5m), Ct);
        var stop = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 5m, 95m), Ct)).Order!;

        (await paper.ResizeOrderAsync(Sol, stop.OrderId, 2m, Ct)).IsSuccess.ShouldBeTrue();

        paper.OnCandle(Sol, Bar(100m, 100m, 94m, 94.5m));
        (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!.FilledQuantity.ShouldBe(2m);
        (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(3m);
    }

    [Fact]
    public async Task ResizesATakeProfit()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 4m), Ct);
        var tp = (await paper.PlaceOrderAsync(new OrderRequest(NextId(), Sol, OrderSide.Sell, OrderType.TakeProfitMarket, 2m, TriggerPrice: 110m, ReduceOnly: true), Ct)).Order!;

        var resized = await paper.ResizeOrderAsync(Sol, tp.OrderId, 1m, Ct);

        resized.IsSuccess.ShouldBeTrue(resized.Message);
        paper.OnCandle(Sol, Bar(100m, 111m, 99m, 110.5m));
        (await paper.GetOrderAsync(Sol, tp.OrderId, Ct))!.FilledQuantity.ShouldBe(1m);
        (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(3m);
    }

    [Fact]
    public async Task RefusesToResizeALimitOrder()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        var limit = (await paper.PlaceOrderAsync(Limit(OrderSide.Buy, 2m, 90m), Ct)).Order!;

        var resized = await paper.ResizeOrderAsync(Sol, limit.OrderId, 3m, Ct);

        resized.Error.ShouldBe(ExchangeErrorCode.InvalidRequest);
        resized.Message.ShouldNotBeNull().ShouldContain("only a stop or take-profit");
        (await paper.GetOrderAsync(Sol, limit.OrderId, Ct))!.Quantity.ShouldBe(2m);
    }

    [Fact]
    public async Task AMarketOrderIsNeverOpenSoItCannotBeResized()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        var market = (await paper.PlaceOrderAsync(Market(OrderSide.Buy, 2m), Ct)).Order!;

        (await paper.ResizeOrderAsync(Sol, market.OrderId, 3m, Ct)).Error.ShouldBe(ExchangeErrorCode.OrderNotFound);
        (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(2m);
    }

    [Theory]
    [InlineData(Sol, 2.5)]
    [InlineData(Btc, 0.015)]
    [InlineData(Sol, 0)]
    [InlineData(Sol, -1)]
    public async Task RefusesAQuantityThatIsNotAPositiveMultipleOfTheStep(string instrumentId, decimal quantity)
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        paper.SetMarkPrice(Btc, 40_000m);
        var size = instrumentId == Sol ? 2m : 0.02m;
        var trigger = instrumentId == Sol ? 95m : 38_000m;
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, size) with { InstrumentId = instrumentId }, Ct);
        var stop = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, size, trigger) with { InstrumentId = instrumentId }, Ct)).Order!;

        var resized = await paper.ResizeOrderAsync(instrumentId, stop.OrderId, quantity, Ct);

        resized.Error.ShouldBe(ExchangeErrorCode.InvalidRequest);
        (await paper.GetOrderAsync(instrumentId, stop.OrderId, Ct))!.Quantity.ShouldBe(size);
    }

    [Fact]
    public async Task AResizeOfAClosedOrUnknownOrderIsOrderNotFound()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 4m), Ct);
        var cancelled = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 4m, 90m), Ct)).Order!;
        await paper.CancelOrderAsync(Sol, cancelled.OrderId, Ct);
        var filled = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 4m, 95m), Ct)).Order!;
        paper.OnCandle(Sol, Bar(100m, 100m, 94m, 94.5m));
        (await paper.GetOrderAsync(Sol, filled.OrderId, Ct))!.Status.ShouldBe(OrderStatus.Filled);

        (await paper.ResizeOrderAsync(Sol, cancelled.OrderId, 2m, Ct)).Error.ShouldBe(ExchangeErrorCode.OrderNotFound);
        (await paper.ResizeOrderAsync(Sol, filled.OrderId, 2m, Ct)).Error.ShouldBe(ExchangeErrorCode.OrderNotFound);
        (await paper.ResizeOrderAsync(Sol, "P999", 2m, Ct)).Error.ShouldBe(ExchangeErrorCode.OrderNotFound);
    }

    [Fact]
    public async Task AResizeNamingTheWrongInstrumentIsOrderNotFound()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 4m), Ct);
        var stop = (await paper.PlaceOrderAsync(Stop(OrderSide.Sell, 4m, 95m), Ct)).Order!;

        (await paper.ResizeOrderAsync(Btc, stop.OrderId, 2m, Ct)).Error.ShouldBe(ExchangeErrorCode.OrderNotFound);
        (await paper.GetOrderAsync(Sol, stop.OrderId, Ct))!.Quantity.ShouldBe(4m);
    }

    private static Candle Bar(decimal open, decimal high, decimal low, decimal close) => Candle.Create(Start, open, high, low, close, 1_000m);

    private PaperExchangeClient Create(PaperExchangeOptions? options = null) =>
        new([SolInstrument, BtcInstrument], _clock, options ?? new PaperExchangeOptions { SlippageBps = 0m, TakerFeeBps = 0m, MakerFeeBps = 0m });

    private string NextId() => "c" + (++_clientIds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private OrderRequest Market(OrderSide side, decimal quantity) =>
        new(NextId(), Sol, side, OrderType.Market, quantity);

    private OrderRequest Limit(OrderSide side, decimal quantity, decimal price) =>
        new(NextId(), Sol, side, OrderType.Limit, quantity, Price: price);

    private OrderRequest Ioc(OrderSide side, decimal quantity, decimal price) =>
        Limit(side, quantity, price) with { TimeInForce = TimeInForce.ImmediateOrCancel };

    private OrderRequest Stop(OrderSide side, decimal quantity, decimal trigger) =>
        new(NextId(), Sol, side, OrderType.StopMarket, quantity, TriggerPrice: trigger, ReduceOnly: true);
}
