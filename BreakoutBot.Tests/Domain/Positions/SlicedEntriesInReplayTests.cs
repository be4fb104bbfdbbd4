using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Positions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Tests.TestSupport.Builders;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Domain.Positions;

/// <summary>
/// Sliced entries as a replay runs them (ADR-011): each bar the paper exchange evaluates resting orders, then the manager
/// takes one pass on the bar's close. TWAP slices fill on successive bars at the cost model's taker price and fee; a
/// post-only clip fills at its limit with the maker fee only when a bar trades through it, and after the deadman
/// timeout (on the injected clock) its rest goes as an immediate-or-cancel at the price guard. The slices never add up
/// to more than the approved quantity, and the one stop follows what has filled. A clip that fills on a bar through the
/// stop is stopped with the rest of the position in that bar, and a stop fill ends the schedule.
/// The rig's paper account is told it judges resting orders at once (as one marked to live ticks, or OKX, does), so the
/// clips' own mechanics are tested here; a real replay's account decides resting fills per bar, longer than the deadman,
/// and there each clip goes as the immediate-or-cancel it falls back to (the last tests).
/// </summary>
public class SlicedEntriesInReplayTests
{
    private const decimal Depth = 8_000m;
    private const decimal TakerBps = 6.5m;
    private const decimal MakerBps = 1.5m;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>breakout_v1 (taker 6.5 bps, maker 1.5, deadman 8 s, a quarter of the depth per order) with a 20 bps price guard.</summary>
    private static TradingPreset Preset(bool iceberg)
    {
        var preset = TradingBuilder.Preset(p => p with { Tp1R = 1, Tp2R = 2, Tp1SizePct = 0.5, Tp2SizePct = 0.3 });
        return preset with { ExecutionConfig = preset.ExecutionConfig with { EnableIceberg = iceberg, MaxEntrySlippageBps = 20 } };
    }

    /// <summary>
    /// The taker price of the cost model (ADR-007) for a buy of <paramref name="quantity"/> at a last price of 100: half the
    /// 0.02 spread, then 2 bps + 40 bps · notional / depth, rounded up to the 0.01 tick.
    /// </summary>
    private static decimal TakerPrice(decimal quantity)
    {
        var touch = 100m * (1m + (0.02m / 200m));
        return decimal.Ceiling(touch * (1m + ((2m + (40m * quantity * touch / Depth)) / 10_000m)) * 100m) / 100m;
    }

    private static decimal Fee(decimal quantity, decimal price, decimal bps) => decimal.Round(quantity * price * bps / 10_000m, 10, MidpointRounding.ToEven);

    [Fact]
    public async Task TwapSlicesFillOnSuccessiveBarsAtTheCostModelsPriceAndFeeAndAddUpToTheApprovedQuantity()
    {
        var r = new Rig();
        var preset = Preset(iceberg: false);
        var times = new List<DateTimeOffset> { r.Bar(100m, 100.05m, 99.95m, 100m).CloseTime };
        // 64 at 100 = 6,400 USD against 8,000 of depth: four slices of 16 (a quarter of the depth each).
        var p = (await r.Positions.OpenAsync(r.Long(64m), preset, Ct)).ShouldNotBeNull();

        var quantities = new List<decimal> { p.Quantity };
        (await r.LiveStops()).ShouldHaveSingleItem().Quantity.ShouldBe(p.Quantity);
        for (var bar = 1; bar < 6; bar++)
        {
            times.Add(r.Bar(100m, 100.05m, 99.95m, 100m).CloseTime);
            await r.Positions.ManageAsync(preset, Ct);
            quantities.Add(p.Quantity);
            var stop = (await r.LiveStops()).ShouldHaveSingleItem($"bar {bar}: one stop");
            stop.Quantity.ShouldBe(p.Quantity, $"bar {bar}: the stop covers what has filled");
        }

        quantities.ShouldBe([16m, 32m, 48m, 64m, 64m, 64m]);
        var slices = (await r.Paper.GetFillsAsync(0, Ct)).Where(f => f.Tag == "entry:" + p.Id).ToList();
        slices.Count.ShouldBe(4);
        slices.Select(f => f.Time).ShouldBe(times.Take(4), "one slice per bar, on successive bars");
        slices.Sum(f => f.Quantity).ShouldBe(64m, "the approved quantity, no more");
        var price = TakerPrice(16m);
        foreach (var fill in slices)
        {
            fill.IsMaker.ShouldBeFalse();
            fill.Price.ShouldBe(price);
            fill.Fee.ShouldBe(Fee(16m, price, TakerBps), "each slice pays the preset's taker fee on its own notional");
        }
        r.Exchange.Placed.Where(o => o.Tag == "entry:" + p.Id).Select(o => o.ClientOrderId[^2..]).ShouldBe(["s1", "s2", "s3", "s4"]);
        r.Exchange.Placed.Count(o => o.AttachedStop is not null).ShouldBe(1, "only the slice that opened the position carried the stop");
        var targets = (await r.Paper.GetOpenOrdersAsync(Ct)).Where(o => o.Type == OrderType.TakeProfitMarket).ToList();
        var (tp1, tp2) = TakeProfitSplit.Compute(r.Instrument, 64m, 64m, 0.5, 0.3);
        targets.Select(o => o.Quantity).ShouldBe([tp1, tp2], "TP1 and TP2 are placed for the whole filled quantity (32 and 19), once the schedule ends");
        r.Positions.IsExecutingEntry(p.Id).ShouldBeFalse();
    }

    // The book gives 16 coins within the 20 bps price guard (100.2): touch 100.01, base 2 bps, impact 40, D = 8,000. Room
    // for the marginal slippage 10⁴·0.19/100.01 − 2 = 16.9981 bps; the q-th coin costs 2 + 80·q·100.01/8,000 bps, within it
    // up to q = 16.9981·8,000/(80·100.01) = 16.996 → 16 coins (ADR-007, "Marketable limits").

    [Fact]
    public async Task ASingleEntryThatTheBookFillsOnlyInPartIsSizedProtectedAndTargetedForWhatFilled()
    {
        var r = new Rig();
        var preset = Preset(iceberg: false);
        r.Bar(100m, 100.05m, 99.95m, 100m);

        // 19 at 100 = 1,900 USD, under a quarter of the depth: one immediate-or-cancel at the guard, of which 16 fill.
        var p = (await r.Positions.OpenAsync(r.Long(19m), preset, Ct)).ShouldNotBeNull();

        var entry = r.Exchange.Placed.Where(o => o.Tag == "entry:" + p.Id).ShouldHaveSingleItem();
        (entry.TimeInForce, entry.Price, entry.Quantity).ShouldBe((TimeInForce.ImmediateOrCancel, 100.2m, 19m));
        var order = (await r.Paper.GetOrderByClientIdAsync(r.Instrument.Id, entry.ClientOrderId, Ct))!;
        (order.Status, order.FilledQuantity).ShouldBe((OrderStatus.Cancelled, 16m));
        (p.Status, p.Quantity, p.EntryQuantity, p.EntryPrice).ShouldBe((PositionStatus.Open, 16m, 16m, TakerPrice(16m)));
        (await r.LiveStops()).ShouldHaveSingleItem().Quantity.ShouldBe(16m, "the stop covers what filled");
        var (tp1, tp2) = TakeProfitSplit.Compute(r.Instrument, 16m, 16m, 0.5, 0.3);
        (await r.Paper.GetOpenOrdersAsync(Ct)).Where(o => o.Type == OrderType.TakeProfitMarket).Select(o => o.Quantity)
            .ShouldBe([tp1, tp2], "the targets are for the 16 that filled");
        (await r.Paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(16m);
    }

    [Fact]
    public async Task ATwapSliceThatTheBookFillsOnlyInPartLeavesItsShortfallToTheLaterSlices()
    {
        var r = new Rig();
        var preset = Preset(iceberg: false);
        r.Bar(100m, 100.05m, 99.95m, 100m);
        // 72 at 100 = 7,200 USD against 8,000 of depth: four slices of at most 20 (a quarter of the depth at 100).
        var p = (await r.Positions.OpenAsync(r.Long(72m), preset, Ct)).ShouldNotBeNull();
        for (var bar = 1; bar < 6; bar++)
        {
            r.Bar(100m, 100.05m, 99.95m, 100m);
            await r.Positions.ManageAsync(preset, Ct);
            (await r.LiveStops()).ShouldHaveSingleItem($"bar {bar}: one stop").Quantity.ShouldBe(p.Quantity, $"bar {bar}: the stop covers what has filled");
        }

        // Each slice fills 16: 72/4 = 18; (72 − 16)/3 = 18.67 → 18; (72 − 32)/2 = 20; the last takes the 24 left, capped at 20.
        r.Exchange.Placed.Where(o => o.Tag == "entry:" + p.Id).Select(o => o.Quantity).ShouldBe([18m, 18m, 20m, 20m]);
        (await r.Paper.GetFillsAsync(0, Ct)).Where(f => f.Tag == "entry:" + p.Id).Select(f => f.Quantity).ShouldBe([16m, 16m, 16m, 16m]);
        r.Positions.IsExecutingEntry(p.Id).ShouldBeFalse();
        (p.Quantity, p.EntryQuantity).ShouldBe((64m, 64m), "what the slices filled; the 8 unfilled at the end are not taken");
        var (tp1, tp2) = TakeProfitSplit.Compute(r.Instrument, 64m, 64m, 0.5, 0.3);
        (await r.Paper.GetOpenOrdersAsync(Ct)).Where(o => o.Type == OrderType.TakeProfitMarket).Select(o => o.Quantity).ShouldBe([tp1, tp2]);
    }

    [Fact]
    public async Task APostOnlyClipFillsAtMakerFeeOnlyWhenABarTradesThroughItAndFallsBackToThePriceGuardAfterTheDeadman()
    {
        var r = new Rig();
        var preset = Preset(iceberg: true);
        r.Bar(100m, 100.05m, 99.95m, 100m);
        var p = (await r.Positions.OpenAsync(r.Long(64m), preset, Ct)).ShouldNotBeNull();

        // Clip 1: post-only, 1.5 bps under the best bid of 99.99.
        var clip1 = r.Exchange.Placed.ShouldHaveSingleItem();
        (clip1.TimeInForce, clip1.Price, clip1.Quantity).ShouldBe((TimeInForce.PostOnly, 99.97m, 16m));
        p.Status.ShouldBe(PositionStatus.Opening);

        // A bar whose low touches 99.97 without trading through it fills nothing; the clip is past its 8 s deadman.
        var touched = r.Bar(100m, 100.05m, 99.97m, 100m);
        await r.Positions.ManageAsync(preset, Ct);

        var fallback = r.Exchange.Placed[1];
        (fallback.TimeInForce, fallback.Price, fallback.Quantity).ShouldBe((TimeInForce.ImmediateOrCancel, 100.2m, 16m));
        fallback.ClientOrderId.ShouldBe(clip1.ClientOrderId[..^2] + "f1");
        fallback.AttachedStop.ShouldNotBeNull("nothing had filled: the fallback opens the position and carries the stop");
        (await r.Paper.GetOrderByClientIdAsync(r.Instrument.Id, clip1.ClientOrderId, Ct))!.Status.ShouldBe(OrderStatus.Cancelled);
        var taker = (await r.Paper.GetFillsAsync(0, Ct)).ShouldHaveSingleItem();
        (taker.IsMaker, taker.Time, taker.Price).ShouldBe((false, touched.CloseTime, TakerPrice(16m)));
        taker.Fee.ShouldBe(Fee(16m, taker.Price, TakerBps));
        r.Exchange.Placed.Count.ShouldBe(2, "the next clip waits for the next bar");

        // Clip 2 on the next bar; the bar after trades through 99.97: a maker fill at exactly the limit.
        r.Bar(100m, 100.05m, 99.98m, 100m);
        await r.Positions.ManageAsync(preset, Ct);
        var clip2 = r.Exchange.Placed[2];
        (clip2.TimeInForce, clip2.Price, clip2.Quantity, clip2.AttachedStop).ShouldBe((TimeInForce.PostOnly, 99.97m, 16m, (AttachedStop?)null));
        var through = r.Bar(100m, 100.05m, 99.96m, 100m);
        await r.Positions.ManageAsync(preset, Ct);

        var maker = (await r.Paper.GetFillsAsync(0, Ct)).Where(f => f.Tag == "entry:" + p.Id).ToList()[1];
        (maker.IsMaker, maker.Time, maker.Price, maker.Quantity).ShouldBe((true, through.CloseTime, 99.97m, 16m));
        maker.Fee.ShouldBe(Fee(16m, 99.97m, MakerBps), "the maker fee on the limit price");
        p.Quantity.ShouldBe(32m);
        (await r.LiveStops()).ShouldHaveSingleItem().Quantity.ShouldBe(32m, "the one stop was resized to both fills");
        r.Exchange.Placed[3].ClientOrderId.ShouldBe(clip1.ClientOrderId[..^2] + "s3", "clip 3 goes once clip 2 has filled");
    }

    [Fact]
    public async Task TheDeadmanIsMeasuredOnTheInjectedClock()
    {
        var r = new Rig();
        var preset = Preset(iceberg: true);
        r.Bar(100m, 100.05m, 99.95m, 100m);
        await r.Positions.OpenAsync(r.Long(64m), preset, Ct);

        r.Clock.Advance(TimeSpan.FromMilliseconds(preset.ExecutionConfig.DeadmanTimeoutMs - 1));
        await r.Positions.ManageAsync(preset, Ct);
        r.Exchange.Placed.Count.ShouldBe(1, "1 ms before the deadman the clip still rests");

        r.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await r.Positions.ManageAsync(preset, Ct);
        r.Exchange.Placed.Count.ShouldBe(2);
        r.Exchange.Placed[1].TimeInForce.ShouldBe(TimeInForce.ImmediateOrCancel);
    }

    [Fact]
    public async Task WhenTheMarketComesBackTowardsTheStopTheScheduleEndsAndThePositionKeepsWhatFilledWithItsTargets()
    {
        var r = new Rig();
        var preset = Preset(iceberg: false);
        r.Bar(100m, 100.05m, 99.95m, 100m);
        var p = (await r.Positions.OpenAsync(r.Long(64m), preset, Ct)).ShouldNotBeNull();
        r.Bar(100m, 100.05m, 99.95m, 100m);
        await r.Positions.ManageAsync(preset, Ct);
        p.Quantity.ShouldBe(32m);

        // 97.4 is within half the 5-point stop distance of the stop (95): no slice is sent any more.
        r.Bar(100m, 100m, 97.3m, 97.4m);
        await r.Positions.ManageAsync(preset, Ct);

        r.Positions.IsExecutingEntry(p.Id).ShouldBeFalse();
        p.Quantity.ShouldBe(32m, "the position keeps what filled");
        r.Exchange.Placed.Count(o => o.Tag == "entry:" + p.Id).ShouldBe(2);
        (await r.LiveStops()).ShouldHaveSingleItem().Quantity.ShouldBe(32m);
        var (tp1, tp2) = TakeProfitSplit.Compute(r.Instrument, 32m, 32m, 0.5, 0.3);
        (await r.Paper.GetOpenOrdersAsync(Ct)).Where(o => o.Type == OrderType.TakeProfitMarket).Select(o => o.Quantity).ShouldBe([tp1, tp2]);
    }

    [Fact]
    public async Task AKillSwitchOrPauseStopsTheScheduleAndCancelsTheRestingClip()
    {
        var r = new Rig();
        var preset = Preset(iceberg: true);
        r.Bar(100m, 100.05m, 99.95m, 100m);
        var p = (await r.Positions.OpenAsync(r.Long(64m), preset, Ct)).ShouldNotBeNull();
        var clip = r.Exchange.Placed.ShouldHaveSingleItem();

        (await r.Positions.StopEntriesAsync(preset, Ct)).ShouldBe(1);

        (await r.Paper.GetOrderByClientIdAsync(r.Instrument.Id, clip.ClientOrderId, Ct))!.Status.ShouldBe(OrderStatus.Cancelled);
        r.Exchange.Placed.Count.ShouldBe(1, "no fallback and no further clip");
        p.Status.ShouldBe(PositionStatus.Cancelled, "nothing had filled");
        r.Positions.ActiveCount.ShouldBe(0);
    }

    [Fact]
    public async Task ALaterClipFillingOnABarThatCrossesTheStopIsStoppedWithTheWholePositionAndNoFurtherClipIsSent()
    {
        var r = new Rig();
        var preset = Preset(iceberg: true);
        r.Bar(100m, 100.05m, 99.95m, 100m);
        var p = (await r.Positions.OpenAsync(r.Long(64m), preset, Ct)).ShouldNotBeNull();
        // Clip 1 (post-only at 99.97, carrying the stop at 95) fills on a bar through it; clip 2 goes at its close.
        r.Bar(100m, 100.05m, 99.96m, 100m);
        await r.Positions.ManageAsync(preset, Ct);
        p.Quantity.ShouldBe(16m);
        (await r.LiveStops()).ShouldHaveSingleItem().Quantity.ShouldBe(16m);
        r.Exchange.Placed.Count(o => o.Tag == "entry:" + p.Id).ShouldBe(2);

        // The next bar trades through clip 2 and then through the stop; it closes at 99, well away from the stop.
        var crossing = r.Bar(100m, 100.05m, 94m, 99m);
        await r.Positions.ManageAsync(preset, Ct);
        r.Bar(99m, 99.5m, 98.5m, 99m);
        await r.Positions.ManageAsync(preset, Ct);

        p.Status.ShouldBe(PositionStatus.Closed);
        p.EntryQuantity.ShouldBe(32m, "both clips filled");
        var fills = await r.Paper.GetFillsAsync(0, Ct);
        var stopFill = fills.Where(f => f.Side == OrderSide.Sell).ShouldHaveSingleItem();
        (stopFill.Quantity, stopFill.Time).ShouldBe((32m, crossing.CloseTime), "the stop took the whole position inside the bar that crossed it");
        r.Exchange.Placed.Count(o => o.Tag == "entry:" + p.Id).ShouldBe(2, "no clip after the stop");
        r.Positions.IsExecutingEntry(p.Id).ShouldBeFalse();
        (await r.Paper.GetPositionsAsync(Ct)).ShouldBeEmpty();
        (await r.Paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AStopFillThatLeavesPartOfAPositionEndsItsEntrySchedule()
    {
        var r = new Rig();
        var preset = Preset(iceberg: false);
        r.Bar(100m, 100.05m, 99.95m, 100m);
        var p = (await r.Positions.OpenAsync(r.Long(64m), preset, Ct)).ShouldNotBeNull();
        r.Bar(100m, 100.05m, 99.95m, 100m);
        await r.Positions.ManageAsync(preset, Ct);
        p.Quantity.ShouldBe(32m);
        // As live, when the stop triggers before it was resized to the last slice: it covers the first slice only.
        var stop = (await r.LiveStops()).ShouldHaveSingleItem();
        (await r.Paper.ResizeOrderAsync(r.Instrument.Id, stop.OrderId, 16m, Ct)).IsSuccess.ShouldBeTrue();

        r.Bar(100m, 100.05m, 94.5m, 99.5m);
        await r.Positions.ManageAsync(preset, Ct);

        p.Quantity.ShouldBe(16m, "the stop closed the first slice");
        r.Positions.IsExecutingEntry(p.Id).ShouldBeFalse();
        r.Exchange.Placed.Count(o => o.Tag == "entry:" + p.Id).ShouldBe(2, "no slice after a stop fill");
        (await r.LiveStops()).ShouldHaveSingleItem().Quantity.ShouldBe(16m, "what is left stays protected");
    }

    [Fact]
    public async Task AStopFillEndsTheScheduleAndCancelsTheClipStillResting()
    {
        var r = new Rig();
        var preset = Preset(iceberg: true);
        r.Bar(100m, 100.05m, 99.95m, 100m);
        var p = (await r.Positions.OpenAsync(r.Long(64m), preset, Ct)).ShouldNotBeNull();
        r.Bar(100m, 100.05m, 99.96m, 100m);
        await r.Positions.ManageAsync(preset, Ct);
        var clip2 = r.Exchange.Placed[1];
        clip2.TimeInForce.ShouldBe(TimeInForce.PostOnly);
        // A race live: part of the position is stopped while clip 2 still rests above the market, within its deadman.
        var stop = (await r.LiveStops()).ShouldHaveSingleItem();
        await r.Paper.ResizeOrderAsync(r.Instrument.Id, stop.OrderId, 8m, Ct);
        await r.Paper.AmendOrderAsync(r.Instrument.Id, stop.OrderId, null, 99.99m, Ct);
        r.Clock.Advance(TimeSpan.FromSeconds(1));
        r.Paper.SetMarkPrice(r.Instrument.Id, 99.98m);

        await r.Positions.ManageAsync(preset, Ct);

        p.Quantity.ShouldBe(8m);
        (await r.Paper.GetOrderByClientIdAsync(r.Instrument.Id, clip2.ClientOrderId, Ct))!.Status.ShouldBe(OrderStatus.Cancelled, "the clip can no longer add to the position");
        r.Positions.IsExecutingEntry(p.Id).ShouldBeFalse();
        r.Exchange.Placed.Count(o => o.Tag == "entry:" + p.Id).ShouldBe(2, "no fallback and no further clip");
    }

    [Fact]
    public async Task OnAnAccountThatDecidesRestingFillsPerBarEachClipGoesAsTheImmediateOrCancelItFallsBackTo()
    {
        var r = new Rig(Candle.Interval);
        var preset = Preset(iceberg: true);
        r.Bar(100m, 100.05m, 99.95m, 100m);
        var p = (await r.Positions.OpenAsync(r.Long(64m), preset, Ct)).ShouldNotBeNull();

        var clip1 = r.Exchange.Placed.ShouldHaveSingleItem();
        (clip1.TimeInForce, clip1.Price, clip1.Quantity).ShouldBe((TimeInForce.ImmediateOrCancel, 100.2m, 16m),
            "a post-only clip would be matched against the next 5-minute bar, not its 8 s deadman: it goes at the price guard");
        clip1.ClientOrderId.ShouldEndWith("s1");
        clip1.AttachedStop.ShouldNotBeNull("the first clip opens the position and carries the stop");
        var first = (await r.Paper.GetFillsAsync(0, Ct)).ShouldHaveSingleItem();
        (first.IsMaker, first.Price, first.Quantity).ShouldBe((false, TakerPrice(16m), 16m));
        first.Fee.ShouldBe(Fee(16m, first.Price, TakerBps));

        // The next bar trades through where a post-only clip would have rested: nothing there to fill at the maker fee.
        r.Bar(100m, 100.05m, 99.90m, 100m);
        await r.Positions.ManageAsync(preset, Ct);
        var clip2 = r.Exchange.Placed[1];
        (clip2.TimeInForce, clip2.Price, clip2.Quantity, clip2.AttachedStop).ShouldBe((TimeInForce.ImmediateOrCancel, 100.2m, 16m, (AttachedStop?)null));
        clip2.ClientOrderId.ShouldEndWith("s2");
        (await r.Paper.GetFillsAsync(0, Ct)).ShouldAllBe(f => !f.IsMaker);
        p.Quantity.ShouldBe(32m);
    }

    [Fact]
    public async Task ADeadmanOfAtLeastABarStillLetsTheClipRestOnAnAccountThatDecidesPerBar()
    {
        var r = new Rig(Candle.Interval);
        var preset = Preset(iceberg: true);
        preset = preset with { ExecutionConfig = preset.ExecutionConfig with { DeadmanTimeoutMs = (int)Candle.Interval.TotalMilliseconds } };
        r.Bar(100m, 100.05m, 99.95m, 100m);
        await r.Positions.OpenAsync(r.Long(64m), preset, Ct);

        r.Exchange.Placed.ShouldHaveSingleItem().TimeInForce.ShouldBe(TimeInForce.PostOnly, "the bar it is matched against lies within its deadman");
    }

    /// <summary>One instrument (lot 1) on a paper exchange that prices from a constant book (99.99 / 100.01, 8,000 USD within 0.3 % each side).</summary>
    private sealed class Rig : IMarketViewSource
    {
        private static readonly OrderBookSummary Book = new(99.99m, 100.01m, Depth, Depth, Depth, Depth, 0d, IsModelled: true);

        /// <param name="restingFillResolution">How late the paper account decides resting fills (a replay's: the bar).</param>
        public Rig(TimeSpan restingFillResolution = default)
        {
            Instrument = new Instrument("TEST-USDT-SWAP", InstrumentKind.Swap, 0.01m, 1m, 1m, 1m);
            Clock = new FakeTimeProvider(TradingBuilder.Start);
            Paper = new PaperExchangeClient([Instrument], Clock, new PaperExchangeOptions
            {
                StartingBalance = 100_000m,
                Leverage = 10m,
                TakerFeeBps = TakerBps,
                MakerFeeBps = MakerBps,
                SlippageBps = 2m,
                DepthImpactBps = 40m,
            });
            Paper.UseOrderBooks(_ => Book);
            Paper.RestingFillResolution = restingFillResolution;
            Market = new InstrumentMarket(Instrument, isBenchmark: false);
            Exchange = new RecordingExchange(Paper);
            Positions = new PositionManager(Exchange, new ExecutionManager(Exchange, Clock), this, Clock);
        }

        public Instrument Instrument { get; }
        public FakeTimeProvider Clock { get; }
        public PaperExchangeClient Paper { get; }
        public InstrumentMarket Market { get; }
        public RecordingExchange Exchange { get; }
        public PositionManager Positions { get; }

        public IMarketView? GetMarket(string instrumentId) => instrumentId == Instrument.Id ? Market : null;

        /// <summary>A replay step: the clock moves to the bar's close, the exchange evaluates resting orders on it, the market adds it with the book.</summary>
        public Candle Bar(decimal open, decimal high, decimal low, decimal close)
        {
            var time = Market.LastCandle is { } last ? last.Time + Candle.Interval : TradingBuilder.Start;
            var candle = Candle.Create(time, open, high, low, close, 1_000m);
            Clock.SetUtcNow(candle.CloseTime);
            Paper.OnCandle(Instrument.Id, candle);
            Market.ApplySnapshot(new MarketSnapshot(Instrument, [candle], null, Book, null, null, null), null);
            return candle;
        }

        /// <summary>A long at 100 with its stop at 95.</summary>
        public ApprovedEntry Long(decimal quantity) =>
            new(TradingBuilder.SignalOn(Instrument.Id, Clock.GetUtcNow(), PositionSide.Long, 100m, 95m), quantity, quantity * 100m, quantity * 5m, Clock.GetUtcNow());

        public async Task<IReadOnlyList<Order>> LiveStops() =>
            [.. (await Paper.GetOpenOrdersAsync(Ct)).Where(o => o.Type == OrderType.StopMarket)];
    }
}
