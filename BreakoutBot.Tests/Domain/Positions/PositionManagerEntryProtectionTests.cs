using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Positions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;
using BreakoutBot.Tests.TestSupport.Fakes;

namespace BreakoutBot.Tests.Domain.Positions;

/// <summary>
/// Entries on the paper exchange go out as immediate-or-cancel limits at the guarded price carrying their stop; each
/// open position then has exactly one live stop, and a stop lost behind the engine's back is replaced exactly once.
/// </summary>
public class PositionManagerEntryProtectionTests
{
    private static readonly TradingPreset Preset = TradingBuilder.Preset(c => c with { Tp1R = 1, Tp2R = 2, Tp1SizePct = 0.5, Tp2SizePct = 0.5 });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The builder's paper exchange and market, with a manager that sends through a recording exchange.</summary>
    private static (TradingBuilder B, RecordingExchange Exchange, PositionManager Positions) Create()
    {
        var b = new TradingBuilder();
        var exchange = new RecordingExchange(b.Paper);
        var positions = new PositionManager(exchange, new ExecutionManager(exchange, b.Clock), b, b.Clock);
        return (b, exchange, positions);
    }

    private static async Task<IReadOnlyList<Order>> LiveStops(TradingBuilder b) =>
        [.. (await b.Paper.GetOpenOrdersAsync(Ct)).Where(o => o.Type == OrderType.StopMarket)];

    [Fact]
    public async Task TheEntryIsAnImmediateOrCancelLimitAtTheGuardedPriceCarryingItsStop()
    {
        var (b, exchange, positions) = Create();
        b.Bar(100m, 100.2m, 99.8m, 100m);
        var approved = b.Approved(PositionSide.Long, 100m, 99m, 2m);

        var p = await positions.OpenAsync(approved, Preset, Ct);

        p.ShouldNotBeNull();
        var entry = exchange.Placed[0];
        entry.Type.ShouldBe(OrderType.Limit);
        entry.TimeInForce.ShouldBe(TimeInForce.ImmediateOrCancel);
        entry.Side.ShouldBe(OrderSide.Buy);
        entry.Quantity.ShouldBe(2m);
        entry.Price.ShouldBe(EntryPriceGuard.LimitPrice(approved.Signal, Preset.ExecutionConfig, b.Instrument));
        entry.Price.ShouldBe(100m + Math.Min(100m * (decimal)Preset.ExecutionConfig.MaxEntrySlippageBps / 10_000m, 0.5m));
        var attached = entry.AttachedStop.ShouldNotBeNull();
        attached.TriggerPrice.ShouldBe(99m);
        attached.ClientOrderId.ShouldNotBe(entry.ClientOrderId);
        (await b.Paper.GetOrderAsync(b.Instrument.Id, p.EntryOrderId!, Ct))!.Status.ShouldBe(OrderStatus.Filled);
        var stop = (await LiveStops(b)).ShouldHaveSingleItem();
        stop.ClientOrderId.ShouldBe(attached.ClientOrderId);
        stop.OrderId.ShouldBe(p.StopOrderId);
    }

    [Fact]
    public async Task AfterOpeningExactlyOneStopCoversTheWholeQuantityAndNoSecondStopIsEverPlaced()
    {
        var (b, exchange, positions) = Create();
        b.Bar(100m, 100.2m, 99.8m, 100m);

        var p = await positions.OpenAsync(b.Approved(PositionSide.Long, 100m, 99m, 2m), Preset, Ct);

        p.ShouldNotBeNull();
        p.Status.ShouldBe(PositionStatus.Open);
        var stop = (await LiveStops(b)).ShouldHaveSingleItem();
        stop.Quantity.ShouldBe(2m);
        stop.Quantity.ShouldBe(p.Quantity);
        stop.TriggerPrice.ShouldBe(99m);
        stop.ReduceOnly.ShouldBeTrue();
        positions.ProtectionProblems(await b.Paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
        for (var pass = 0; pass < 5; pass++)
        {
            b.Bar(100m, 100.4m, 99.6m, 100.1m);
            var report = await positions.ManageAsync(Preset, Ct);

            report.ProtectiveOrdersRepaired.ShouldBe(0, $"pass {pass}");
            (await LiveStops(b)).ShouldHaveSingleItem($"pass {pass}").OrderId.ShouldBe(stop.OrderId);
        }
        p.IsOpen.ShouldBeTrue();
        exchange.Placed.Where(r => r.Type == OrderType.StopMarket).ShouldBeEmpty("the stop came with the entry; the engine never sent one of its own");
    }

    [Fact]
    public async Task AShortEntryCarriesABuyStopAboveItAndIsCoveredInFull()
    {
        var (b, exchange, positions) = Create();
        b.Bar(100m, 100.2m, 99.8m, 100m);

        var p = await positions.OpenAsync(b.Approved(PositionSide.Short, 100m, 101m, 3m), Preset, Ct);

        p.ShouldNotBeNull();
        exchange.Placed[0].Price.ShouldBe(99.9m); // 100 − min(10 bps, half of the 1.00 stop distance)
        var stop = (await LiveStops(b)).ShouldHaveSingleItem();
        stop.Side.ShouldBe(OrderSide.Buy);
        stop.TriggerPrice.ShouldBe(101m);
        stop.Quantity.ShouldBe(3m);
    }

    [Theory]
    [InlineData(PositionSide.Long, 100.5, 99)]
    [InlineData(PositionSide.Short, 99.5, 101)]
    public async Task AnEntryWhoseMarketIsBeyondTheGuardIsNotTakenAndLeavesNothingOpen(PositionSide side, decimal market, decimal stop)
    {
        var (b, exchange, positions) = Create();
        b.Bar(100m, Math.Max(100m, market) + 0.1m, Math.Min(100m, market) - 0.1m, market);

        var p = await positions.OpenAsync(b.Approved(side, 100m, stop, 2m), Preset, Ct);

        p.ShouldBeNull();
        exchange.Placed.ShouldHaveSingleItem().TimeInForce.ShouldBe(TimeInForce.ImmediateOrCancel);
        positions.ActiveCount.ShouldBe(0);
        positions.OpenPositions.ShouldBeEmpty();
        (await b.Paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
        (await b.Paper.GetFillsAsync(0, Ct)).ShouldBeEmpty();
        (await b.Paper.GetPositionsAsync(Ct)).Where(x => x.Quantity != 0).ShouldBeEmpty();
        // Nothing comes back later either.
        b.Bar(market, market + 1m, market - 1m, market);
        await positions.ManageAsync(Preset, Ct);
        (await b.Paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
        positions.ActiveCount.ShouldBe(0);
    }

    [Fact]
    public async Task AnEntryWhoseMarketFellThroughItsStopLeavesNothingOpenAndNoOrderResting()
    {
        var (b, _, positions) = Create();
        b.Bar(100m, 100.1m, 98.7m, 98.8m); // a long's limit (100.10) is above the market, its stop (99) too

        await positions.OpenAsync(b.Approved(PositionSide.Long, 100m, 99m, 2m), Preset, Ct);
        b.Bar(98.8m, 99.2m, 98.5m, 98.9m);
        await positions.ManageAsync(Preset, Ct);

        positions.OpenPositions.ShouldBeEmpty();
        positions.ActiveCount.ShouldBe(0);
        (await b.Paper.GetPositionsAsync(Ct)).Where(x => x.Quantity != 0).ShouldBeEmpty();
        (await b.Paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AStopCancelledBehindTheEnginesBackIsReplacedByExactlyOneNewStop()
    {
        var (b, exchange, positions) = Create();
        b.Bar(100m, 100.2m, 99.8m, 100m);
        var p = (await positions.OpenAsync(b.Approved(PositionSide.Long, 100m, 99m, 2m), Preset, Ct)).ShouldNotBeNull();
        var original = (await LiveStops(b)).ShouldHaveSingleItem();
        (await b.Paper.CancelOrderAsync(b.Instrument.Id, original.OrderId, Ct)).IsSuccess.ShouldBeTrue();
        (await LiveStops(b)).ShouldBeEmpty();

        b.Bar(100m, 100.4m, 99.6m, 100.1m);
        var first = await positions.ManageAsync(Preset, Ct);

        first.ProtectiveOrdersRepaired.ShouldBe(1);
        var replacement = (await LiveStops(b)).ShouldHaveSingleItem();
        replacement.OrderId.ShouldNotBe(original.OrderId);
        replacement.Quantity.ShouldBe(2m);
        replacement.TriggerPrice.ShouldBe(99m);
        replacement.ReduceOnly.ShouldBeTrue();
        p.StopOrderId.ShouldBe(replacement.OrderId);
        for (var pass = 0; pass < 3; pass++)
        {
            b.Bar(100m, 100.4m, 99.6m, 100.1m);
            var report = await positions.ManageAsync(Preset, Ct);

            report.ProtectiveOrdersRepaired.ShouldBe(0, $"pass {pass}");
            (await LiveStops(b)).ShouldHaveSingleItem($"pass {pass}").OrderId.ShouldBe(replacement.OrderId);
        }
        exchange.Placed.Count(r => r.Type == OrderType.StopMarket).ShouldBe(1);
        positions.ProtectionProblems(await b.Paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task EnsureProtectionRightAfterTheCancelPlacesOneStopAndTheNextPassAddsNone()
    {
        var (b, exchange, positions) = Create();
        b.Bar(100m, 100.2m, 99.8m, 100m);
        var p = (await positions.OpenAsync(b.Approved(PositionSide.Long, 100m, 99m, 2m), Preset, Ct)).ShouldNotBeNull();
        await b.Paper.CancelOrderAsync(b.Instrument.Id, p.StopOrderId!, Ct);

        var actions = await positions.EnsureProtectionAsync(Ct);
        var again = await positions.EnsureProtectionAsync(Ct);
        await positions.ManageAsync(Preset, Ct);

        actions.ShouldHaveSingleItem().PositionId.ShouldBe(p.Id);
        again.ShouldBeEmpty();
        (await LiveStops(b)).ShouldHaveSingleItem().Quantity.ShouldBe(2m);
        exchange.Placed.Count(r => r.Type == OrderType.StopMarket).ShouldBe(1);
    }
}
