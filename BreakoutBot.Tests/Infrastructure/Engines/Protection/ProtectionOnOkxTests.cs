using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.FakeOkx;

namespace BreakoutBot.Tests.Infrastructure.Engines.Protection;

/// <summary>
/// Issue 8, points 1, 2, 4 and 5 reproduced against the fake OKX: missed take-profit fills, a lost entry answer,
/// failing stop amendments and entries beyond the price guard. Each open position must end with exactly one live
/// reduce-only stop covering all of it, and the engine's books must equal the exchange's.
/// </summary>
public sealed class ProtectionOnOkxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATakeProfitFilledWhileTheSocketWasDownIsBookedAtItsPriceAndTheRestKeepsAResizedStop()
    {
        await using var h = await OkxPositionHarness.StartAsync();
        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.1m), h.Preset, Ct)).ShouldNotBeNull();
        position.Quantity.ShouldBe(0.1m);
        var stop = h.LiveStops().ShouldHaveSingleItem();
        stop.Size.ShouldBe(10m, "the stop attached to the entry covers all 10 contracts");
        position.StopOrderId.ShouldBe(stop.AlgoId);

        // While the engine hears nothing, the market runs through TP1 (50,500) and TP2 (51,000).
        h.Trade(50_600m);
        h.Trade(51_100m);
        h.ExchangeContracts().ShouldBe(2m);

        var report = await h.Reconciler.ReconcileAsync("reconnect", cancellationToken: Ct);

        report.Error.ShouldBeNull();
        report.Violations.ShouldBeEmpty();
        position.IsOpen.ShouldBeTrue("0.02 BTC is still held on the exchange");
        position.Quantity.ShouldBe(0.02m);
        position.Exits.Select(e => (e.Reason, e.Price, e.Quantity)).ShouldBe([(ExitReason.TakeProfit1, 50_600m, 0.05m), (ExitReason.TakeProfit2, 51_100m, 0.03m)]);
        var live = h.LiveStops().ShouldHaveSingleItem();
        live.AlgoId.ShouldBe(stop.AlgoId, "the stop is resized, never cancelled while quantity remains");
        live.Size.ShouldBe(2m);
        var exitFills = h.Server.Fills.Where(f => f.Side == "sell").ToList();
        position.GrossRealizedPnl.ShouldBe(exitFills.Sum(f => f.Pnl));
        position.Fees.ShouldBe(-h.Server.Fills.Sum(f => f.Fee));
    }

    [Fact]
    public async Task AnEntryWhoseAnswerIsLostHasItsStopOnTheExchangeTheMomentItFills()
    {
        await using var h = await OkxPositionHarness.StartAsync(requestTimeout: TimeSpan.FromMilliseconds(400), timeoutFaultDelay: TimeSpan.FromSeconds(2));
        // The entry reaches OKX and fills but its answer never comes back, and the lookup by client id fails too.
        h.Server.Faults.Enqueue("/api/v5/trade/order", FakeOkxFault.Timeout);
        h.Server.Faults.Enqueue("/api/v5/trade/order", FakeOkxFault.Http500, times: 8);

        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.1m), h.Preset, Ct)).ShouldNotBeNull();
        h.Server.Faults.Clear();

        h.ExchangeContracts().ShouldBe(10m);
        var entry = h.Server.Orders.ShouldHaveSingleItem();
        var stop = h.LiveStops().ShouldHaveSingleItem();
        stop.ParentOrdId.ShouldBe(entry.OrdId, "the stop went with the entry: OKX created it the moment the entry filled");
        stop.Size.ShouldBe(10m);
        stop.StopLossTriggerPrice.ShouldBe(49_500m);
        h.StopPlacements().ShouldBe(0, "no stop had to be sent after the entry");

        // The entry's fills are matched by its client id even though its answer was lost.
        await h.Positions.ManageAsync(h.Preset, Ct);

        position.IsOpen.ShouldBeTrue();
        position.Quantity.ShouldBe(0.1m);
        position.StopOrderId.ShouldBe(stop.AlgoId, "the attached stop is adopted");
        h.LiveStops().ShouldHaveSingleItem();
        h.Server.Orders.Count(o => o.ClOrdId.StartsWith(OkxPositionHarness.Prefix + "en", StringComparison.Ordinal)).ShouldBe(1, "the entry was never sent twice");
    }

    [Fact]
    public async Task AFailingStopAmendmentNeverLeavesTwoStops()
    {
        await using var h = await OkxPositionHarness.StartAsync();
        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.1m), h.Preset, Ct)).ShouldNotBeNull();
        var stop = h.LiveStops().ShouldHaveSingleItem();
        var placed = h.StopPlacements();

        // TP1 fills; moving the stop to breakeven fails: errors, then an amendment whose answer is lost.
        h.Trade(50_600m);
        h.Server.Faults.Enqueue("/api/v5/trade/amend-algos", FakeOkxFault.Http500, times: 6);
        for (var pass = 0; pass < 4; pass++)
        {
            await h.Positions.ManageAsync(h.Preset, Ct);
            h.LiveStops().Count.ShouldBe(1, $"pass {pass}: exactly one live stop; algos: " + string.Join(", ", h.Server.AlgoOrders.Select(a => $"{a.AlgoId} {a.AlgoClOrdId} {a.OrdType} {a.State} sl={a.StopLossTriggerPrice} tp={a.TakeProfitTriggerPrice} sz={a.Size}")));
        }
        position.Tp1Done.ShouldBeTrue();
        position.BreakevenMoved.ShouldBeTrue();

        h.Server.Faults.Clear();
        h.Server.Faults.Enqueue("/api/v5/trade/amend-algos", FakeOkxFault.Timeout);
        await h.Positions.ManageAsync(h.Preset, Ct);
        await h.Positions.ManageAsync(h.Preset, Ct);

        var live = h.LiveStops().ShouldHaveSingleItem();
        live.AlgoId.ShouldBe(stop.AlgoId, "the same stop was amended, never replaced");
        live.StopLossTriggerPrice.ShouldBe(position.StopLoss);
        position.StopLoss.ShouldBeGreaterThan(50_000m, "at breakeven plus the buffer");
        live.Size.ShouldBe(5m, "resized to the 5 contracts left after TP1");
        h.StopPlacements().ShouldBe(placed, "no stop was placed in addition");
    }

    [Fact]
    public async Task AnEntryWhoseMarketCameBackTowardsTheStopIsNotTakenAndAFillThereIsClosedAtOnce()
    {
        await using var h = await OkxPositionHarness.StartAsync();
        // The engine last saw 49,600: within half the 500 stop distance of the stop (49,500). Nothing is sent.
        h.Trade(49_600m);
        (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.1m), h.Preset, Ct)).ShouldBeNull();
        h.Server.Orders.ShouldBeEmpty();

        // It last saw 50,000, but by the time the order arrives OKX trades at 49,700: the buy limit fills there, with
        // 200 of the planned 500 room left. The position is closed at once (its attached stop covered it meanwhile).
        h.Trade(50_000m);
        h.Server.SetPrice(OkxPositionHarness.Btc, 49_700m);
        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.1m), h.Preset, Ct)).ShouldNotBeNull();
        await h.Positions.ManageAsync(h.Preset, Ct);

        position.EntryPrice.ShouldBe(49_700m);
        position.IsOpen.ShouldBeFalse();
        h.ExchangeContracts().ShouldBe(0m);
        h.LiveStops().ShouldBeEmpty("the stop of the closed position is cancelled");
    }

    [Fact]
    public async Task AnEntryBeyondThePriceGuardIsNotTakenAndAPartialFillIsKeptAndProtected()
    {
        await using var h = await OkxPositionHarness.StartAsync(price: 50_300m);
        // The signal said 50,000 with the stop 500 below; the market is 300 higher: beyond the 10 bps guard (50,050).
        (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.1m), h.Preset, Ct)).ShouldBeNull();
        h.ExchangeContracts().ShouldBe(0m);
        h.LiveStops().ShouldBeEmpty();
        var ioc = h.Server.Orders.ShouldHaveSingleItem();
        (ioc.OrdType, ioc.Price, ioc.State).ShouldBe(("ioc", 50_050m, "canceled"));

        // Within the guard but only 4 of 10 contracts available at once: the 4 are kept, protected by a 4-contract stop.
        h.Trade(50_020m);
        h.Server.SetImmediateLiquidity(OkxPositionHarness.Btc, 4m);
        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.1m), h.Preset, Ct)).ShouldNotBeNull();
        await h.Positions.ManageAsync(h.Preset, Ct);

        position.IsOpen.ShouldBeTrue();
        position.Quantity.ShouldBe(0.04m);
        position.EntryPrice.ShouldBe(50_020m);
        var stop = h.LiveStops().ShouldHaveSingleItem();
        stop.Size.ShouldBe(4m);
        position.StopOrderId.ShouldBe(stop.AlgoId);
    }
}
