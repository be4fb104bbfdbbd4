using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Positions;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Engines.Protection;

/// <summary>
/// Issue 8, point 3: a stop fires on OKX while the portal is down. After the restart the engine, rebuilt from what was
/// stored, books the exit at the exchange's price and fee, and the day's counters carry on from the stored ones.
/// </summary>
public sealed class DowntimeOnOkxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStopThatFiredWhileThePortalWasDownIsBookedAtTheExchangesPriceAndTheDaysCountersCarryOn()
    {
        await using var h = await OkxPositionHarness.StartAsync();
        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.1m), h.Preset, Ct)).ShouldNotBeNull();
        var equity = (await h.Exchange.GetBalanceAsync(Ct)).Equity;

        // What the portal had stored when it went down: the position with its resting stop and targets (through the
        // same mapping as the database rows), the fills seen so far, and the day's risk counters (one earlier winner).
        var stored = EntityMapper.ToRecord(EntityMapper.ToEntity("t", position, DateTimeOffset.UtcNow), id => id);
        var seen = await h.Exchange.GetFillsAsync(0, Ct);
        var cursor = new OkxFillCursor(h.Exchange.LastFillSequence, seen.Select(f => f.FillId).ToList());
        // Engine time is wall time here: the fake OKX stamps fills with it, and the day of a fill decides whether it counts today.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var day = new RiskDayState(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), equity - 40m, equity + 10m, 0.8, 1, 0);

        // While it is down the market falls through the stop (49,500): OKX sells at 49,420.
        h.Server.SetPrice(OkxPositionHarness.Btc, 49_420m);
        var stopFill = h.Server.Fills[^1];
        stopFill.Price.ShouldBe(49_420m);

        // The restart: an adapter that knows only the stored fills, an engine rebuilt from storage, the restart reconciliation.
        var okx = await h.Adapter.RestartedAsync(cursor);
        var instrument = okx.Instruments[OkxPositionHarness.Btc];
        var provider = new ReplayMarketDataProvider([instrument], new Dictionary<string, IReadOnlyList<Candle>>(), clock);
        using var engine = EngineAssembly.Create("t", provider, okx, clock);
        var plan = new RestorePlan(TradingState.Managing, h.Preset, TradingMode.LiveDemo, [Position.Restore(stored)], cursor.LastSequence, day,
            ClosedBefore: 1, RealizedNetBefore: 42m, RealizedNetTodayBefore: 42m);
        (await engine.RestoreAsync(plan, Ct)).Success.ShouldBeTrue();
        var reconciler = new ExchangeReconciler(okx, engine.Positions, clock, EngineAssembly.ClientIdPrefix("t"), () => engine.Preset);
        var report = await engine.RunExclusiveAsync(ct => reconciler.ReconcileAsync("restart", null, ct), Ct);
        await engine.RunUntilRestAsync(2, Ct);

        report.Error.ShouldBeNull();
        report.Violations.ShouldBeEmpty();
        var closed = engine.Positions.ClosedPositions.ShouldHaveSingleItem();
        closed.CloseReason.ShouldBe(ExitReason.StopLoss);
        closed.Exits.ShouldHaveSingleItem().Price.ShouldBe(49_420m, "booked at the exchange's price, not at the entry or a last price");
        closed.GrossRealizedPnl.ShouldBe(stopFill.Pnl);
        closed.Fees.ShouldBe(-h.Server.Fills.Sum(f => f.Fee));
        h.Server.AlgoOrders.Where(a => a.IsLive).ShouldBeEmpty("the targets of the closed position are cancelled");

        var status = engine.Status;
        status.State.ShouldBe(TradingState.Paused);
        status.ClosedTrades.ShouldBe(2, "the stored trade and the one closed while away");
        status.RealizedNetPnl.ShouldBe(42m + closed.NetRealizedPnl);
        status.RealizedNetToday.ShouldBe(42m + closed.NetRealizedPnl, "today's realised P&L counts the trade closed before the restart too");
        status.ConsecutiveLosses.ShouldBe(1);
        status.DailyR.ShouldBe(0.8 + closed.PnlR, 1e-9);
        status.DailyPnl.ShouldBe((await okx.GetBalanceAsync(Ct)).Equity - day.DayStartEquity);
    }

    [Fact]
    public async Task AStopThatFiredFourDaysAgoIsFoundInTheFillsHistoryAndBookedAtItsPrice()
    {
        var clock = new ReplayClock(DateTimeOffset.UtcNow);
        await using var h = await OkxPositionHarness.StartAsync(clock: clock);
        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.1m), h.Preset, Ct)).ShouldNotBeNull();
        var stored = EntityMapper.ToRecord(EntityMapper.ToEntity("t", position, clock.GetUtcNow()), id => id);
        var seen = await h.Exchange.GetFillsAsync(0, Ct);
        var cursor = new OkxFillCursor(h.Exchange.LastFillSequence, seen.Select(f => f.FillId).ToList());

        // The stop fires an hour after the portal went down; it comes back four days later, beyond /trade/fills' 3 days.
        clock.SetUtcNow(clock.GetUtcNow().AddHours(1));
        h.Server.SetPrice(OkxPositionHarness.Btc, 49_420m);
        clock.SetUtcNow(clock.GetUtcNow().AddDays(4));

        var okx = await h.Adapter.RestartedAsync(cursor);
        var execution = new ExecutionManager(okx, clock, OkxPositionHarness.Prefix);
        var positions = new PositionManager(okx, execution, h, clock);
        positions.Adopt([Position.Restore(stored)], cursor.LastSequence);
        var report = await new ExchangeReconciler(okx, positions, clock, OkxPositionHarness.Prefix, () => h.Preset).ReconcileAsync("restart", cancellationToken: Ct);

        report.Error.ShouldBeNull();
        report.Violations.ShouldBeEmpty();
        var closed = positions.ClosedPositions.ShouldHaveSingleItem();
        closed.Exits.ShouldHaveSingleItem().Price.ShouldBe(49_420m, "found in the fills history, not guessed");
        closed.CloseReason.ShouldBe(ExitReason.StopLoss);
        closed.GrossRealizedPnl.ShouldBe(h.Server.Fills[^1].Pnl);
        h.Server.Requests.ShouldContain(r => r.Path == "/api/v5/trade/fills-history");
    }
}
