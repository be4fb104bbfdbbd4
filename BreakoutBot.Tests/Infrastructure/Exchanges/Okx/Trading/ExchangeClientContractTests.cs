using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Trading;

/// <summary>
/// The exchange contract the engine relies on. Every scenario runs against the paper exchange and against the OKX
/// adapter on the fake OKX server (same instrument rules, fees and cash, no slippage), so the numbers must agree exactly.
/// BTC-USDT-SWAP: 1 contract = 0.01 BTC, lot and minimum 0.01 contracts, tick 0.1; taker fee 0.05 %.
/// </summary>
public abstract class ExchangeClientContractTests
{
    private const string Btc = OkxAdapterHarness.Btc;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal abstract Task<IExchangeUnderTest> StartAsync();

    [Fact]
    public async Task OpensALongFromFlatWithAMarketOrderInCoins()
    {
        await using var exchange = await StartAsync();
        var client = exchange.Client;

        var result = await client.PlaceOrderAsync(new OrderRequest("open1", Btc, OrderSide.Buy, OrderType.Market, 0.05m, Tag: "entry:p1"), Ct);

        result.IsSuccess.ShouldBeTrue(result.Message);
        var order = result.Order!;
        order.ClientOrderId.ShouldBe("open1");
        order.Status.ShouldBe(OrderStatus.Filled);
        order.FilledQuantity.ShouldBe(0.05m);
        order.AverageFillPrice.ShouldBe(50_000m);
        var position = (await client.GetPositionsAsync(Ct)).ShouldHaveSingleItem();
        position.InstrumentId.ShouldBe(Btc);
        position.Quantity.ShouldBe(0.05m);
        position.AverageEntryPrice.ShouldBe(50_000m);
        var fill = (await client.GetFillsAsync(0, Ct)).ShouldHaveSingleItem();
        fill.Sequence.ShouldBe(1);
        fill.OrderId.ShouldBe(order.OrderId);
        fill.ClientOrderId.ShouldBe("open1");
        fill.Side.ShouldBe(OrderSide.Buy);
        fill.Quantity.ShouldBe(0.05m);
        fill.Price.ShouldBe(50_000m);
        fill.Fee.ShouldBe(1.25m);
        fill.Tag.ShouldBe("entry:p1");
        (await client.GetFillsAsync(1, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PartiallyClosesThenClosesWithReduceOnlyMarketOrdersAndBooksTheCash()
    {
        await using var exchange = await StartAsync();
        var client = exchange.Client;
        (await client.PlaceOrderAsync(new OrderRequest("open2", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct)).IsSuccess.ShouldBeTrue();

        exchange.SetPrice(Btc, 51_000m);
        var partial = await client.PlaceOrderAsync(new OrderRequest("part2", Btc, OrderSide.Sell, OrderType.Market, 0.02m, ReduceOnly: true), Ct);
        var afterPartial = (await client.GetPositionsAsync(Ct)).ShouldHaveSingleItem();
        exchange.SetPrice(Btc, 52_000m);
        var close = await client.PlaceOrderAsync(new OrderRequest("close2", Btc, OrderSide.Sell, OrderType.Market, 0.03m, ReduceOnly: true), Ct);

        partial.IsSuccess.ShouldBeTrue(partial.Message);
        partial.Order!.ReduceOnly.ShouldBeTrue();
        afterPartial.Quantity.ShouldBe(0.03m);
        afterPartial.AverageEntryPrice.ShouldBe(50_000m);
        close.IsSuccess.ShouldBeTrue(close.Message);
        (await client.GetPositionsAsync(Ct)).ShouldBeEmpty();
        var fills = await client.GetFillsAsync(0, Ct);
        fills.Select(f => f.Sequence).ShouldBe([1L, 2L, 3L]);
        fills.Select(f => f.Quantity).ShouldBe([0.05m, 0.02m, 0.03m]);
        fills.Select(f => f.Price).ShouldBe([50_000m, 51_000m, 52_000m]);
        // Fees 1.25 + 0.51 + 0.78; profit 0.02 x 1000 + 0.03 x 2000.
        var balance = await client.GetBalanceAsync(Ct);
        balance.Currency.ShouldBe("USDT");
        balance.Cash.ShouldBe(10_077.46m);
        balance.Equity.ShouldBe(10_077.46m);
        balance.UnrealizedPnl.ShouldBe(0m);
    }

    [Fact]
    public async Task ReportsAnOpenPositionAndItsUnrealisedProfitInCoins()
    {
        await using var exchange = await StartAsync();
        var client = exchange.Client;
        (await client.PlaceOrderAsync(new OrderRequest("open3", Btc, OrderSide.Sell, OrderType.Market, 0.04m), Ct)).IsSuccess.ShouldBeTrue();

        exchange.SetPrice(Btc, 49_500m);

        var position = (await client.GetPositionsAsync(Ct)).ShouldHaveSingleItem();
        position.Quantity.ShouldBe(-0.04m);
        position.AverageEntryPrice.ShouldBe(50_000m);
        position.UnrealizedPnl.ShouldBe(20m);
        var balance = await client.GetBalanceAsync(Ct);
        balance.Cash.ShouldBe(9_999m);
        balance.UnrealizedPnl.ShouldBe(20m);
        balance.Equity.ShouldBe(10_019m);
    }

    [Fact]
    public async Task CancelsARestingLimitOrderAndAStop()
    {
        await using var exchange = await StartAsync();
        var client = exchange.Client;
        (await client.PlaceOrderAsync(new OrderRequest("open4", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct)).IsSuccess.ShouldBeTrue();
        var limit = (await client.PlaceOrderAsync(new OrderRequest("lim4", Btc, OrderSide.Buy, OrderType.Limit, 0.01m, Price: 49_000m), Ct)).Order!;
        var stop = (await client.PlaceOrderAsync(new OrderRequest("stop4", Btc, OrderSide.Sell, OrderType.StopMarket, 0.05m, TriggerPrice: 48_000m, ReduceOnly: true), Ct)).Order!;

        var open = await client.GetOpenOrdersAsync(Ct);
        var cancelLimit = await client.CancelOrderAsync(Btc, limit.OrderId, Ct);
        var cancelStop = await client.CancelOrderAsync(Btc, stop.OrderId, Ct);
        var again = await client.CancelOrderAsync(Btc, stop.OrderId, Ct);

        limit.Status.ShouldBe(OrderStatus.New);
        limit.Price.ShouldBe(49_000m);
        stop.Status.ShouldBe(OrderStatus.New);
        stop.Type.ShouldBe(OrderType.StopMarket);
        stop.TriggerPrice.ShouldBe(48_000m);
        stop.Quantity.ShouldBe(0.05m);
        open.Select(o => o.OrderId).ShouldBe([limit.OrderId, stop.OrderId], ignoreOrder: true);
        open.Single(o => o.OrderId == stop.OrderId).ClientOrderId.ShouldBe("stop4");
        cancelLimit.IsSuccess.ShouldBeTrue(cancelLimit.Message);
        cancelLimit.Order!.Status.ShouldBe(OrderStatus.Cancelled);
        cancelStop.IsSuccess.ShouldBeTrue(cancelStop.Message);
        cancelStop.Order!.Status.ShouldBe(OrderStatus.Cancelled);
        again.Error.ShouldBe(ExchangeErrorCode.OrderNotFound);
        (await client.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
        (await client.GetOrderAsync(Btc, stop.OrderId, Ct))!.Status.ShouldBe(OrderStatus.Cancelled);
        (await client.GetOrderAsync(Btc, limit.OrderId, Ct))!.Status.ShouldBe(OrderStatus.Cancelled);
        (await client.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(0.05m);
    }

    [Fact]
    public async Task AStopTriggersWhenThePriceCrossesItAndItsFillCarriesTheStopsOrderId()
    {
        await using var exchange = await StartAsync();
        var client = exchange.Client;
        var entry = (await client.PlaceOrderAsync(new OrderRequest("open5", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct)).Order!;
        var stop = (await client.PlaceOrderAsync(new OrderRequest("stop5", Btc, OrderSide.Sell, OrderType.StopMarket, 0.05m, TriggerPrice: 49_000m, ReduceOnly: true, Tag: "stop:p5"), Ct)).Order!;

        exchange.SetPrice(Btc, 49_200m);
        var beforeTrigger = await client.GetFillsAsync(1, Ct);
        exchange.SetPrice(Btc, 48_900m);

        beforeTrigger.ShouldBeEmpty();
        var fill = (await client.GetFillsAsync(1, Ct)).ShouldHaveSingleItem();
        fill.OrderId.ShouldBe(stop.OrderId);
        fill.OrderId.ShouldNotBe(entry.OrderId);
        fill.ClientOrderId.ShouldBe("stop5");
        fill.Tag.ShouldBe("stop:p5");
        fill.Side.ShouldBe(OrderSide.Sell);
        fill.Quantity.ShouldBe(0.05m);
        fill.Price.ShouldBe(48_900m);
        (await client.GetPositionsAsync(Ct)).ShouldBeEmpty();
        var stopAfter = (await client.GetOrderAsync(Btc, stop.OrderId, Ct))!;
        stopAfter.Status.ShouldBe(OrderStatus.Filled);
        stopAfter.FilledQuantity.ShouldBe(0.05m);
        stopAfter.AverageFillPrice.ShouldBe(48_900m);
        (await client.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AnAmendedStopTriggersAtItsNewLevelOnly()
    {
        await using var exchange = await StartAsync();
        var client = exchange.Client;
        (await client.PlaceOrderAsync(new OrderRequest("open6", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct)).IsSuccess.ShouldBeTrue();
        var stop = (await client.PlaceOrderAsync(new OrderRequest("stop6", Btc, OrderSide.Sell, OrderType.StopMarket, 0.05m, TriggerPrice: 48_000m, ReduceOnly: true), Ct)).Order!;

        var amended = await client.AmendOrderAsync(Btc, stop.OrderId, null, 49_500m, Ct);
        exchange.SetPrice(Btc, 49_600m);
        var notYet = await client.GetFillsAsync(1, Ct);
        exchange.SetPrice(Btc, 49_400m);

        amended.IsSuccess.ShouldBeTrue(amended.Message);
        amended.Order!.OrderId.ShouldBe(stop.OrderId);
        amended.Order.TriggerPrice.ShouldBe(49_500m);
        amended.Order.Status.ShouldBe(OrderStatus.New);
        notYet.ShouldBeEmpty();
        var fill = (await client.GetFillsAsync(1, Ct)).ShouldHaveSingleItem();
        fill.OrderId.ShouldBe(stop.OrderId);
        fill.Price.ShouldBe(49_400m);
        (await client.GetPositionsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ATakeProfitTriggersInThePositionsFavourAndItsFillCarriesItsOrderId()
    {
        await using var exchange = await StartAsync();
        var client = exchange.Client;
        (await client.PlaceOrderAsync(new OrderRequest("open7", Btc, OrderSide.Sell, OrderType.Market, 0.03m), Ct)).IsSuccess.ShouldBeTrue();
        var tp = (await client.PlaceOrderAsync(new OrderRequest("tp7", Btc, OrderSide.Buy, OrderType.TakeProfitMarket, 0.01m, TriggerPrice: 49_000m, ReduceOnly: true), Ct)).Order!;

        exchange.SetPrice(Btc, 50_500m);
        var afterAdverseMove = await client.GetFillsAsync(1, Ct);
        exchange.SetPrice(Btc, 49_000m);

        tp.Type.ShouldBe(OrderType.TakeProfitMarket);
        afterAdverseMove.ShouldBeEmpty();
        var fill = (await client.GetFillsAsync(1, Ct)).ShouldHaveSingleItem();
        fill.OrderId.ShouldBe(tp.OrderId);
        fill.Quantity.ShouldBe(0.01m);
        fill.Price.ShouldBe(49_000m);
        (await client.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(-0.02m);
    }

    [Fact]
    public async Task FindsAnOrderByItsClientOrderId()
    {
        await using var exchange = await StartAsync();
        var client = exchange.Client;
        var placed = (await client.PlaceOrderAsync(new OrderRequest("find8", Btc, OrderSide.Buy, OrderType.Limit, 0.01m, Price: 48_000m), Ct)).Order!;

        var found = await client.GetOrderByClientIdAsync(Btc, "find8", Ct);
        var missing = await client.GetOrderByClientIdAsync(Btc, "nothing8", Ct);

        found.ShouldNotBeNull();
        found.OrderId.ShouldBe(placed.OrderId);
        found.Status.ShouldBe(OrderStatus.New);
        missing.ShouldBeNull();
    }
}
