using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Tests.TestSupport.FakeOkx;

namespace BreakoutBot.Tests.Infrastructure.Engines.Protection;

/// <summary>
/// TWAP slices through the OKX adapter over the fake OKX (ADR-011): each slice has its own client id derived from the
/// parent's, the one stop (attached to the first slice) is resized to the filled total after every slice, and a slice
/// whose answer is lost is resolved by its client id (the order journal) and never sent again. Iceberg clips rest
/// post-only; a stop that fires before it was resized to the last clip ends the schedule, and what is left keeps a stop
/// and gets its targets.
/// </summary>
public sealed class SlicedEntriesOnOkxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The harness preset with TWAP only, one slice per management pass (interval 0).</summary>
    private static TradingPreset Twap(OkxPositionHarness h) =>
        h.Preset with { ExecutionConfig = h.Preset.ExecutionConfig with { EnableIceberg = false, TwapIntervalSeconds = 0 } };

    /// <summary>The harness preset with iceberg clips from 1,000 USD, the next clip on the next management pass (interval 0).</summary>
    private static TradingPreset Iceberg(OkxPositionHarness h) =>
        h.Preset with { ExecutionConfig = h.Preset.ExecutionConfig with { IcebergMinNotional = 1_000m, TwapIntervalSeconds = 0 } };

    /// <summary>The engine sees 40,000 USD on the ask within 0.3 %: a 0.4 BTC (20,000 USD) entry is over a quarter of it.</summary>
    private static void ShowBook(OkxPositionHarness h)
    {
        var book = new OrderBookSummary(49_999.9m, 50_000.1m, 40_000m, 40_000m, 40_000m, 40_000m, 0d);
        h.Market.ApplySnapshot(new MarketSnapshot(h.Market.Instrument, [], null, book, null, null, null), null);
    }

    private static List<FakeOkxOrder> EntryOrders(OkxPositionHarness h) =>
        [.. h.Server.Orders.Where(o => o.ClOrdId.StartsWith(OkxPositionHarness.Prefix + "en", StringComparison.Ordinal))];

    [Fact]
    public async Task TwapSlicesGoWithDistinctClientIdsAndTheOneStopCoversTheFilledTotalAfterEachSlice()
    {
        await using var h = await OkxPositionHarness.StartAsync();
        ShowBook(h);
        var preset = Twap(h);

        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.4m), preset, Ct)).ShouldNotBeNull();
        position.Quantity.ShouldBe(0.1m, "the first of four slices");
        var stop = h.LiveStops().ShouldHaveSingleItem();
        stop.Size.ShouldBe(10m);
        for (var slice = 2; slice <= 4; slice++)
        {
            await h.Positions.ManageAsync(preset, Ct);
            position.Quantity.ShouldBe(0.1m * slice, $"after slice {slice}");
            var live = h.LiveStops().ShouldHaveSingleItem($"after slice {slice}: one stop");
            live.AlgoId.ShouldBe(stop.AlgoId, "the stop attached to the first slice is resized, never replaced");
            live.Size.ShouldBe(10m * slice, $"after slice {slice}: the stop covers the {slice * 10} contracts filled");
        }
        await h.Positions.ManageAsync(preset, Ct);

        var entries = EntryOrders(h);
        entries.Select(o => o.ClOrdId[^2..]).ShouldBe(["s1", "s2", "s3", "s4"]);
        entries.Select(o => o.ClOrdId[..^2]).Distinct().ShouldHaveSingleItem("every slice's id derives from the one parent id");
        entries.ShouldAllBe(o => o.OrdType == "ioc" && o.Size == 10m && o.State == "filled");
        h.ExchangeContracts().ShouldBe(40m, "the approved 0.4 BTC, no more");
        h.LiveStops().ShouldHaveSingleItem().Size.ShouldBe(40m);
        h.StopPlacements().ShouldBe(0, "no stop was sent besides the one attached to the first slice");
        h.Server.AlgoOrders.Count(a => a.IsLive && a.TakeProfitTriggerPrice is not null).ShouldBe(2, "TP1 and TP2 once the schedule ended");
        h.Positions.ProtectionProblems(await h.Exchange.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task IcebergClipsGoPostOnlyFillAsMakerAndAClipThatWouldCrossFallsBackToAnIocAtOnce()
    {
        await using var h = await OkxPositionHarness.StartAsync();
        ShowBook(h);
        var preset = Iceberg(h);

        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.4m), preset, Ct)).ShouldNotBeNull();
        // 1.5 bps under the best bid of 49,999.9, rounded down to the 0.1 tick; it rests below the 50,000 market.
        var clip = EntryOrders(h).ShouldHaveSingleItem();
        (clip.OrdType, clip.Price, clip.Size, clip.State).ShouldBe(("post_only", 49_992.4m, 20m, "live"));
        position.Quantity.ShouldBe(0m);

        // The market trades down through it: a maker fill.
        h.Server.SetPrice(OkxPositionHarness.Btc, 49_990m);
        await h.Positions.ManageAsync(preset, Ct);

        var entries = EntryOrders(h);
        h.Server.Fills.Where(f => f.OrdId == clip.OrdId).ShouldAllBe(f => !f.IsTaker && f.Price == 49_992.4m);
        // Clip 2 at the same price would now cross the 49,990 market: OKX cancels it and its rest goes as an IOC at once.
        entries.Select(o => (o.ClOrdId[^2..], o.OrdType, o.State)).ShouldBe([("s1", "post_only", "filled"), ("s2", "post_only", "canceled"), ("f2", "ioc", "filled")]);
        h.Server.Fills.Where(f => f.OrdId == entries[2].OrdId).ShouldAllBe(f => f.IsTaker);
        position.Quantity.ShouldBe(0.4m);
        h.ExchangeContracts().ShouldBe(40m);
        h.LiveStops().ShouldHaveSingleItem().Size.ShouldBe(40m, "the stop attached to the first clip now covers both");
        h.Positions.IsExecutingEntry(position.Id).ShouldBeFalse();
    }

    [Fact]
    public async Task AStopThatFiresBeforeItIsResizedToTheLastClipEndsTheScheduleAndWhatIsLeftKeepsAStopAndItsTarget()
    {
        await using var h = await OkxPositionHarness.StartAsync();
        ShowBook(h);
        // 0.6 BTC (30,000 USD) where one order may take a quarter of 40,000: three clips of 0.2.
        var preset = Iceberg(h);
        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.6m), preset, Ct)).ShouldNotBeNull();
        h.Server.SetPrice(OkxPositionHarness.Btc, 49_990m);
        // Clip 1 filled as the market traded through it and OKX created its attached stop for its 20 contracts. The next
        // pass adds clip 2 (its fallback fills at once) but cannot resize the stop to the 40 contracts held: OKX refuses
        // every amend of it with a 500, and nothing of them is executed.
        h.Server.Faults.Enqueue("/api/v5/trade/amend-algos", FakeOkxFault.Http500, times: 20);
        await h.Positions.ManageAsync(preset, Ct);
        h.ExchangeContracts().ShouldBe(40m);
        h.LiveStops().ShouldHaveSingleItem().Size.ShouldBe(20m, "the resize was refused: the stop still covers the first clip only");
        h.Positions.IsExecutingEntry(position.Id).ShouldBeTrue("clip 3 is still to come");

        // The market drops through the stop before the engine's next pass, then comes back above it.
        h.Server.SetPrice(OkxPositionHarness.Btc, 49_400m);
        h.Server.SetPrice(OkxPositionHarness.Btc, 49_700m);
        h.ExchangeContracts().ShouldBe(20m, "the stop sold the 20 contracts it covered");
        h.Server.Faults.Clear();
        await h.Positions.ManageAsync(preset, Ct);
        await h.Positions.ManageAsync(preset, Ct);

        EntryOrders(h).Select(o => o.ClOrdId[^2..]).ShouldBe(["s1", "s2", "f2"], "the stop fill ended the schedule: no clip 3");
        h.Positions.IsExecutingEntry(position.Id).ShouldBeFalse();
        position.Quantity.ShouldBe(0.2m, "what the stop left");
        h.ExchangeContracts().ShouldBe(20m);
        h.LiveStops().ShouldHaveSingleItem().Size.ShouldBe(20m, "what is left is protected by one stop");
        // Targets are fractions of the quantity entered (0.4), capped by what is open (TakeProfitSplit): TP1's half is
        // all that is left, so TP1 takes it and there is no TP2.
        var target = h.Server.AlgoOrders.Where(a => a.IsLive && a.TakeProfitTriggerPrice is not null).ShouldHaveSingleItem("and gets its target");
        target.Size.ShouldBe(20m);
        target.TakeProfitTriggerPrice.ShouldBe(position.TakeProfit1);
        h.Positions.ProtectionProblems(await h.Exchange.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ASliceWhoseAnswerIsLostIsResolvedByItsClientIdAndNeverSentAgain()
    {
        await using var h = await OkxPositionHarness.StartAsync(requestTimeout: TimeSpan.FromMilliseconds(400), timeoutFaultDelay: TimeSpan.FromSeconds(2));
        ShowBook(h);
        var preset = Twap(h);
        // The first slice reaches OKX and fills but its answer never comes back, and the lookup by client id fails too.
        h.Server.Faults.Enqueue("/api/v5/trade/order", FakeOkxFault.Timeout);
        h.Server.Faults.Enqueue("/api/v5/trade/order", FakeOkxFault.Http500, times: 8);

        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.4m), preset, Ct)).ShouldNotBeNull();
        h.Server.Faults.Clear();
        h.Server.Requests.First(r => r.Method == "POST" && r.Path == "/api/v5/trade/order").Fault.ShouldBe(FakeOkxFault.Timeout, "the first slice's answer was lost");
        h.ExchangeContracts().ShouldBe(10m);
        h.Positions.IsExecutingEntry(position.Id).ShouldBeTrue();

        for (var pass = 0; pass < 4; pass++)
        {
            await h.Positions.ManageAsync(preset, Ct);
        }

        var entries = EntryOrders(h);
        entries.Select(o => o.ClOrdId[^2..]).ShouldBe(["s1", "s2", "s3", "s4"], "the lost slice is looked up before the next one goes");
        foreach (var entry in entries)
        {
            h.Server.Requests.Count(r => r.Method == "POST" && r.Path == "/api/v5/trade/order" && r.ClientOrderIds.Contains(entry.ClOrdId))
                .ShouldBe(1, $"{entry.ClOrdId} was sent once");
        }
        h.ExchangeContracts().ShouldBe(40m);
        position.Quantity.ShouldBe(0.4m);
        h.Positions.IsExecutingEntry(position.Id).ShouldBeFalse();
        h.LiveStops().ShouldHaveSingleItem().Size.ShouldBe(40m);
    }
}
