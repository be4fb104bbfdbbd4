using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges;

/// <summary>
/// The paper exchange's fills and P&amp;L: fees, slippage, averaging, partial and reversing closes, reduce-only; triggers,
/// order handling and the random-run invariants are in the partial files beside this one.
/// </summary>
public partial class PaperExchangeClientTests
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
