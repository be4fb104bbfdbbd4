using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges;

/// <summary>Order handling: cancels, amends, refusals, client ids, leverage, fill numbering.</summary>
public partial class PaperExchangeClientTests
{
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
}
