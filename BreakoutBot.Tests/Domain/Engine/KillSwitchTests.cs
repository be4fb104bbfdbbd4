using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engine;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Engine;

public class KillSwitchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(EngineBuilder B, Position P, List<EngineEvent> Events)> RunningWithALeveragedLong(Func<RiskConfig, RiskConfig> risk)
    {
        var b = new EngineBuilder();
        var events = new List<EngineEvent>();
        b.Engine.Subscribe(events.Add);
        (await b.StartAsync(EngineBuilder.Preset(risk))).Success.ShouldBeTrue();
        await b.StepAsync();
        // Two times the equity in ETH with a stop 20 % away: price moves show up in equity long before the stop.
        var p = await b.OpenPositionAsync(1, PositionSide.Long, 20_000m, 0.20m);
        await b.StepAsync();
        b.Engine.State.ShouldNotBe(TradingState.Emergency);
        return (b, p, events);
    }

    /// <summary>Marks the instrument at <paramref name="factor"/> × the entry and runs one cycle a minute later.</summary>
    private static async Task MoveAndCycle(EngineBuilder b, Position p, decimal factor)
    {
        var instrument = b.Market.Instruments.Single(i => i.Id == p.InstrumentId);
        b.Paper.SetMarkPrice(p.InstrumentId, instrument.RoundPrice(p.EntryPrice * factor));
        b.Clock.Advance(TimeSpan.FromMinutes(1));
        await b.Engine.RunCycleAsync(Ct);
    }

    [Fact]
    public async Task ADailyLossBeyondTheLimitFiresTheKillSwitchAndFlattensWithRealExitOrders()
    {
        var (b, p, events) = await RunningWithALeveragedLong(r => r with { KillSwitchLossLimit = 0.04, FlattenOnKillSwitch = true });
        using var _ = b;

        await MoveAndCycle(b, p, 0.96m); // −4 % on 2× equity ≈ −8 % of the day's start

        b.Engine.State.ShouldBe(TradingState.Emergency);
        var ks = b.Engine.Status.KillSwitch;
        ks.Triggered.ShouldBeTrue();
        ks.Reason!.ShouldContain("Daily loss");
        events.OfType<KillSwitchEvent>().ShouldHaveSingleItem();
        p.Status.ShouldBe(PositionStatus.Closed);
        p.CloseReason.ShouldBe(ExitReason.KillSwitch);
        events.OfType<PositionClosedEvent>().ShouldContain(e => e.Position.Id == p.Id);
        var fills = await b.Paper.GetFillsAsync(0, Ct);
        var exit = fills.Last(f => f.InstrumentId == p.InstrumentId);
        exit.Side.ShouldBe(OrderSide.Sell);
        exit.Quantity.ShouldBe(p.EntryQuantity);
        (await b.Paper.GetOrderAsync(p.InstrumentId, exit.OrderId, Ct))!.Type.ShouldBe(OrderType.Market);
        (await b.Paper.GetPositionsAsync(Ct)).Where(x => x.Quantity != 0).ShouldBeEmpty();
        (await b.Paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty("no stop or take-profit may stay behind a flattened position");
        b.Engine.Status.OpenPositions.ShouldBe(0);
    }

    [Fact]
    public async Task AnExitTheExchangeRefusesIsSentAgainOnEveryEmergencyCycleUntilThePositionIsClosed()
    {
        var (b, p, _) = await RunningWithALeveragedLong(r => r with { KillSwitchLossLimit = 0.04, FlattenOnKillSwitch = true });
        using var __ = b;
        // The exit is refused three times: on the kill switch's own cycle and on the next two.
        b.Exchange.FailOrders(3, ExchangeErrorCode.Rejected);

        await MoveAndCycle(b, p, 0.96m);
        b.Engine.State.ShouldBe(TradingState.Emergency);
        p.IsOpen.ShouldBeTrue("the first exit was refused");
        var cycles = 0;
        while (p.IsOpen && cycles < 5)
        {
            b.Clock.Advance(TimeSpan.FromMinutes(1));
            await b.Engine.RunCycleAsync(Ct);
            cycles++;
        }

        p.Status.ShouldBe(PositionStatus.Closed, "the kill switch flattens; a refused exit must be sent again on later cycles");
        p.CloseReason.ShouldBe(ExitReason.KillSwitch);
        cycles.ShouldBe(3, "refused on two more cycles, sent on the third");
        b.Engine.State.ShouldBe(TradingState.Emergency);
        (await b.Paper.GetPositionsAsync(Ct)).Where(x => x.Quantity != 0).ShouldBeEmpty();
        (await b.Paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty("no stop or take-profit may stay behind a flattened position");
    }

    [Fact]
    public async Task APositionWhoseExitFailsDoesNotKeepTheOthersOpenAndIsFlattenedOnTheNextCycle()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        var failing = await b.OpenPositionAsync(1, PositionSide.Long, 1_500m, 0.05m);
        var other = await b.OpenPositionAsync(3, PositionSide.Short, 1_500m, 0.05m);
        // The first position's exit fails with a network error rather than an answer.
        b.Exchange.ThrowOnOrders(r => r.InstrumentId == failing.InstrumentId && r.Type == OrderType.Market, () => new HttpRequestException("connection reset"));

        var r = await b.Engine.KillSwitchAsync("operator saw a bad fill", Ct);

        r.Success.ShouldBeTrue(r.Message);
        b.Engine.State.ShouldBe(TradingState.Emergency);
        other.Status.ShouldBe(PositionStatus.Closed, "one position failing must not keep the others open");
        other.CloseReason.ShouldBe(ExitReason.KillSwitch);
        failing.IsOpen.ShouldBeTrue();

        b.Exchange.HealOrders();
        b.Clock.Advance(TimeSpan.FromMinutes(1));
        await b.Engine.RunCycleAsync(Ct);

        failing.Status.ShouldBe(PositionStatus.Closed);
        failing.CloseReason.ShouldBe(ExitReason.KillSwitch);
        b.Engine.Positions.ActiveCount.ShouldBe(0);
    }

    [Fact]
    public async Task AnEngineRestoredIntoAFiredKillSwitchFlattensWhatIsStillOpen()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        await b.StepAsync();
        var p = await b.OpenPositionAsync(1, PositionSide.Long, 2_000m, 0.05m);
        // What the portal had stored when it went down in EMERGENCY, its kill switch fired and its exit not yet filled: the
        // position (its stop and targets resting on the exchange) and the day's counters.
        var now = b.Clock.GetUtcNow();
        var equity = (await b.Paper.GetBalanceAsync(Ct)).Equity;
        var stored = EntityMapper.ToRecord(EntityMapper.ToEntity("test", p, now), id => id);
        var day = new RiskDayState(DateOnly.FromDateTime(now.UtcDateTime), equity, equity, 0, 0, 0);
        var plan = new RestorePlan(TradingState.Emergency, EngineBuilder.Preset(), TradingMode.Paper, [Position.Restore(stored)], b.Positions.LastFillSequence, day,
            KillSwitch: new KillSwitchState(true, "Daily loss 8 % reached the kill-switch limit", now));
        using var restarted = EngineAssembly.Create("restarted", b.Provider, b.Exchange, b.Clock, b.Presets);

        (await restarted.RestoreAsync(plan, Ct)).Success.ShouldBeTrue();
        restarted.State.ShouldBe(TradingState.Emergency);
        b.Clock.SetUtcNow(now.AddMinutes(1));
        await restarted.RunCycleAsync(Ct);

        var closed = restarted.Positions.ClosedPositions.ShouldHaveSingleItem();
        closed.Id.ShouldBe(p.Id);
        closed.CloseReason.ShouldBe(ExitReason.KillSwitch);
        restarted.State.ShouldBe(TradingState.Emergency);
        (await b.Paper.GetPositionsAsync(Ct)).Where(x => x.Quantity != 0).ShouldBeEmpty();
        (await b.Paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty("no stop or take-profit may stay behind a flattened position");
    }

    [Fact]
    public async Task WithoutFlatteningTheKillSwitchKeepsThePositionWithItsRestingStop()
    {
        var (b, p, _) = await RunningWithALeveragedLong(r => r with { KillSwitchLossLimit = 0.04, FlattenOnKillSwitch = false });
        using var __ = b;

        await MoveAndCycle(b, p, 0.96m);

        b.Engine.State.ShouldBe(TradingState.Emergency);
        b.Engine.Status.KillSwitch.Triggered.ShouldBeTrue();
        p.IsOpen.ShouldBeTrue();
        b.Engine.Status.OpenPositions.ShouldBe(1);
        var stop = (await b.Paper.GetOpenOrdersAsync(Ct)).Where(o => o.Type == OrderType.StopMarket).ShouldHaveSingleItem();
        stop.ReduceOnly.ShouldBeTrue();
        stop.TriggerPrice.ShouldBe(p.StopLoss);
        stop.Quantity.ShouldBe(p.Quantity);
    }

    [Fact]
    public async Task AfterTheKillSwitchRiskRejectsEveryNewEntryAndTheEngineOpensNothing()
    {
        var (b, p, events) = await RunningWithALeveragedLong(r => r with { KillSwitchLossLimit = 0.04 });
        using var _ = b;
        await MoveAndCycle(b, p, 0.96m);
        var instrument = b.Instrument(2);
        var price = b.LastPrice(instrument.Id);
        var signal = EngineBuilder.MakeSignal("after-ks", instrument.Id, PositionSide.Long, price, price * 0.98m, 0d, b.Clock.GetUtcNow());

        var decision = b.Risk.Evaluate([signal], PortfolioView.Empty, b.Engine.Preset!, 9_000m, _ => instrument, _ => null).ShouldHaveSingleItem();
        await b.StepAsync(200, null);

        decision.Approved.ShouldBeFalse();
        decision.Reason.ShouldContain("Kill switch");
        b.Engine.State.ShouldBe(TradingState.Emergency);
        events.OfType<PositionOpenedEvent>().ShouldBeEmpty();
        b.Engine.Positions.ActiveCount.ShouldBe(0);
    }

    [Fact]
    public async Task ALosingStreakFiresTheKillSwitchOnTheNextCycle()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync(EngineBuilder.Preset(r => r with { MaxConsecutiveLosses = 3 }))).Success.ShouldBeTrue();
        var t = b.Clock.GetUtcNow();
        b.Risk.RecordClosedTrade(-10m, -1, t);
        b.Risk.RecordClosedTrade(-10m, -1, t);
        await b.StepAsync();
        b.Engine.State.ShouldNotBe(TradingState.Emergency, "two losses are below the limit of three");

        b.Risk.RecordClosedTrade(-10m, -1, t);
        await b.StepAsync();

        b.Engine.State.ShouldBe(TradingState.Emergency);
        b.Engine.Status.KillSwitch.Reason!.ShouldContain("consecutive losing trades");
        b.Engine.Status.ConsecutiveLosses.ShouldBe(3);
    }

    [Fact]
    public async Task ADrawdownFromTheDaysHighFiresEvenWhileTheDayIsStillInProfit()
    {
        var (b, p, _) = await RunningWithALeveragedLong(r => r with { KillSwitchDrawdownFromDayHigh = 0.05, KillSwitchLossLimit = 0.5 });
        using var _ = b;

        await MoveAndCycle(b, p, 1.06m); // +12 % of equity: a new day high
        b.Engine.State.ShouldNotBe(TradingState.Emergency);
        await MoveAndCycle(b, p, 1.02m); // back to about +4 %: 7 % below the high

        b.Engine.State.ShouldBe(TradingState.Emergency);
        b.Engine.Status.KillSwitch.Reason!.ShouldContain("from the day's high");
        b.Risk.Snapshot().DailyPnl.ShouldBeGreaterThan(0m);
    }

    [Fact]
    public async Task DailyCountersRollAtMidnightButTheFiredKillSwitchStaysUntilReset()
    {
        var (b, p, _) = await RunningWithALeveragedLong(r => r with { KillSwitchLossLimit = 0.04 });
        using var _ = b;
        await MoveAndCycle(b, p, 0.96m);
        b.Engine.State.ShouldBe(TradingState.Emergency);
        var firedDay = b.Risk.Snapshot().Day;
        b.Risk.Snapshot().TradesToday.ShouldBe(1);

        var midnight = new DateTimeOffset(b.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        while (b.Clock.GetUtcNow() < midnight)
        {
            b.AdvanceBar();
        }
        b.Clock.GetUtcNow().ShouldBe(midnight);
        await b.Engine.RunCycleAsync(Ct);

        var snap = b.Risk.Snapshot();
        snap.Day.ShouldBe(firedDay.AddDays(1));
        snap.TradesToday.ShouldBe(0);
        snap.DailyR.ShouldBe(0d);
        snap.DailyPnl.ShouldBe(0m);
        snap.DayStartEquity.ShouldBe((await b.Paper.GetBalanceAsync(Ct)).Equity);
        b.Engine.State.ShouldBe(TradingState.Emergency);
        b.Engine.Status.KillSwitch.Triggered.ShouldBeTrue("a new day does not re-arm the kill switch");

        (await b.Engine.StopAsync(cancellationToken: Ct)).Success.ShouldBeTrue();
        var early = await b.Engine.StartAsync("breakout_v1", TradingMode.Paper, Ct);
        early.Success.ShouldBeFalse("starting again needs an operator reset of the fired kill switch");
        early.Message.ShouldContain("reset", Case.Insensitive);
        b.Engine.State.ShouldBe(TradingState.Stopped);

        (await b.Engine.ResetAsync(Ct)).Success.ShouldBeTrue();
        b.Engine.Status.KillSwitch.Triggered.ShouldBeFalse();
        (await b.Engine.StartAsync("breakout_v1", TradingMode.Paper, Ct)).Success.ShouldBeTrue();
        await b.StepAsync();
        b.Engine.State.ShouldNotBe(TradingState.Emergency);
        b.Engine.State.IsTradingActive().ShouldBeTrue();
    }

    [Fact]
    public async Task AKillSwitchRestoredWithoutTheDaysCountersRefusesAStartUntilAReset()
    {
        // A restart days later: no equity sample of the engine's last day, so no day counters, but the kill switch holds.
        using var b = new EngineBuilder();
        var fired = new KillSwitchState(true, "kill switch pressed", b.Clock.GetUtcNow().AddDays(-3));
        var plan = new RestorePlan(TradingState.Stopped, EngineBuilder.Preset(), TradingMode.Paper, [], 0, Risk: null, KillSwitch: fired);

        (await b.Engine.RestoreAsync(plan, Ct)).Success.ShouldBeTrue();

        b.Engine.State.ShouldBe(TradingState.Stopped);
        b.Engine.Status.KillSwitch.ShouldBe(fired);
        var start = await b.Engine.StartAsync("breakout_v1", TradingMode.Paper, Ct);
        start.Success.ShouldBeFalse();
        start.Message.ShouldBe("The kill switch fired (kill switch pressed); reset the engine before starting it again.");
        (await b.Engine.ResetAsync(Ct)).Success.ShouldBeTrue();
        b.Engine.Status.KillSwitch.ShouldBe(KillSwitchState.Armed);
        (await b.Engine.StartAsync("breakout_v1", TradingMode.Paper, Ct)).Success.ShouldBeTrue();
    }

    [Fact]
    public async Task TheKillSwitchCommandFlattensByDefaultAndSaysWhy()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        var p = await b.OpenPositionAsync(3, PositionSide.Short, 1_500m, 0.05m);

        var r = await b.Engine.KillSwitchAsync("operator saw a bad fill", Ct);

        r.Success.ShouldBeTrue(r.Message);
        r.Message.ShouldContain("1 position closed");
        b.Engine.State.ShouldBe(TradingState.Emergency);
        b.Engine.Status.KillSwitch.Reason.ShouldBe("operator saw a bad fill");
        p.CloseReason.ShouldBe(ExitReason.KillSwitch);
    }
}
