using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges;

/// <summary>
/// A resting entry (an iceberg clip) that fills inside a bar is protected by its stop within that same bar (ADR-011,
/// "Paper order of events"): the stop it carried, created at the fill, joins the bar's matching, and a stop resting from
/// an earlier fill grows to the whole position at once, as the engine resizes it live within seconds of the fill. A bar
/// whose range reaches the stop after the entry filled fills the stop, at its trigger or at a worse open (a gap).
/// </summary>
public class PaperExchangeInBarStopTests
{
    private const string Sol = "SOL-USDT-SWAP";
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Instrument SolInstrument = new(Sol, InstrumentKind.Swap, 0.01m, 1m, 1m, 1m);

    private readonly FakeTimeProvider _clock = new(Start);
    private int _clientIds;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    // A post-only buy of 10 at 99.5 with its stop at 97; the bar goes down through both: -25 and nothing left.
    [InlineData(OrderSide.Buy, 99.5, 97, 100, 100.2, 96, 99.6, 97)]
    // The same bar opening below the stop (a gap): the stop fills at the worse open.
    [InlineData(OrderSide.Buy, 99.5, 97, 96, 99.8, 95.5, 99.6, 96)]
    // A post-only sell at 100.5 with its stop at 103; the bar goes up through both.
    [InlineData(OrderSide.Sell, 100.5, 103, 100, 104, 99.8, 100.4, 103)]
    public async Task AClipThatFillsInsideABarIsStoppedInThatBarWhenTheBarReachesItsStop(
        OrderSide side, decimal limit, decimal trigger, decimal open, decimal high, decimal low, decimal close, decimal stopPrice)
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        var clip = (await paper.PlaceOrderAsync(PostOnly(side, 10m, limit) with { AttachedStop = new AttachedStop("sl1", trigger), Tag = "entry:pos1" }, Ct)).Order!;
        clip.Status.ShouldBe(OrderStatus.New);

        paper.OnCandle(Sol, Bar(open, high, low, close));

        (await paper.GetOrderAsync(Sol, clip.OrderId, Ct))!.Status.ShouldBe(OrderStatus.Filled);
        var stop = (await paper.GetOrderByClientIdAsync(Sol, "sl1", Ct)).ShouldNotBeNull("the clip's fill created its stop");
        stop.Status.ShouldBe(OrderStatus.Filled, "the rest of the bar reached the stop after the clip filled");
        stop.FilledQuantity.ShouldBe(10m);
        stop.AverageFillPrice.ShouldBe(stopPrice);
        (await paper.GetPositionsAsync(Ct)).Where(p => p.Quantity != 0).ShouldBeEmpty();
        (await paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
        var fills = await paper.GetFillsAsync(0, Ct);
        fills.Select(f => (f.ClientOrderId, f.IsMaker, f.Price)).ShouldBe([(clip.ClientOrderId, true, limit), ("sl1", false, stopPrice)]);
        var balance = await paper.GetBalanceAsync(Ct);
        balance.RealizedPnl.ShouldBe((side == OrderSide.Buy ? 10m : -10m) * (stopPrice - limit));
    }

    [Fact]
    public async Task AClipThatAddsToAPositionGrowsItsStopSoThatABarThroughTheStopClosesAllOfIt()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        (await paper.PlaceOrderAsync(Market(OrderSide.Buy, 2m) with { AttachedStop = new AttachedStop("sl1", 95m) }, Ct)).Order!.Status.ShouldBe(OrderStatus.Filled);
        var clip = (await paper.PlaceOrderAsync(PostOnly(OrderSide.Buy, 3m, 99.5m), Ct)).Order!;

        paper.OnCandle(Sol, Bar(100m, 100.2m, 94m, 96m));

        (await paper.GetOrderAsync(Sol, clip.OrderId, Ct))!.Status.ShouldBe(OrderStatus.Filled);
        var stop = (await paper.GetOrderByClientIdAsync(Sol, "sl1", Ct))!;
        (stop.Status, stop.FilledQuantity, stop.AverageFillPrice).ShouldBe((OrderStatus.Filled, 5m, 95m), "the stop covered the clip as well");
        (await paper.GetPositionsAsync(Ct)).Where(p => p.Quantity != 0).ShouldBeEmpty();
    }

    [Fact]
    public async Task AClipThatAddsToAPositionInABarThatStaysAboveTheStopLeavesTheStopRestingForTheWholePosition()
    {
        var paper = Create();
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Market(OrderSide.Buy, 2m) with { AttachedStop = new AttachedStop("sl1", 95m) }, Ct);
        await paper.PlaceOrderAsync(PostOnly(OrderSide.Buy, 3m, 99.5m), Ct);

        paper.OnCandle(Sol, Bar(100m, 100.2m, 99m, 99.8m));

        var stop = (await paper.GetOpenOrdersAsync(Ct)).ShouldHaveSingleItem();
        (stop.ClientOrderId, stop.Quantity, stop.FilledQuantity, stop.TriggerPrice).ShouldBe(("sl1", 5m, 0m, 95m));
        (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(5m);
    }

    private static Candle Bar(decimal open, decimal high, decimal low, decimal close) => Candle.Create(Start, open, high, low, close, 1_000m);

    private PaperExchangeClient Create() =>
        new([SolInstrument], _clock, new PaperExchangeOptions { SlippageBps = 0m, TakerFeeBps = 0m, MakerFeeBps = 0m });

    private string NextId() => "c" + (++_clientIds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private OrderRequest Market(OrderSide side, decimal quantity) => new(NextId(), Sol, side, OrderType.Market, quantity);

    private OrderRequest PostOnly(OrderSide side, decimal quantity, decimal price) =>
        new(NextId(), Sol, side, OrderType.Limit, quantity, Price: price, TimeInForce: TimeInForce.PostOnly);
}
