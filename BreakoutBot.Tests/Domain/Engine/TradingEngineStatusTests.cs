using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Engine;

public class TradingEngineStatusTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheStatusIsReadableWhileACycleHoldsTheEngineAndCommandsWaitForTheCycle()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        await b.StepAsync();
        var before = b.Engine.Status;
        b.Exchange.BlockBalance();
        b.AdvanceBar();

        var cycle = b.Engine.RunCycleAsync(Ct);
        await b.Exchange.BalanceEntered.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var status = b.Engine.Status;
        var state = b.Engine.State;
        var pause = b.Engine.PauseAsync(cancellationToken: Ct);

        cycle.IsCompleted.ShouldBeFalse("the cycle is held inside GetBalance");
        status.State.ShouldBe(TradingState.Scanning);
        status.Preset.ShouldBe("breakout_v1");
        status.CycleCount.ShouldBe(before.CycleCount);
        state.ShouldBe(TradingState.Scanning);
        await Eventually.StaysTrueAsync(() => !pause.IsCompleted, "a command never lands in the middle of a cycle", TimeSpan.FromMilliseconds(50));

        b.Exchange.ReleaseBalance();
        await cycle;
        var paused = await pause;

        paused.Success.ShouldBeTrue(paused.Message);
        b.Engine.Status.State.ShouldBe(TradingState.Paused);
        b.Engine.Status.CycleCount.ShouldBe(before.CycleCount + 1);
    }

    [Fact]
    public async Task AfterACycleTheStatusShowsStatePresetModePositionsAndCommands()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        await b.StepAsync();
        var p = await b.OpenPositionAsync(1, PositionSide.Long, 2_000m, 0.05m);

        await b.StepAsync();
        var s = b.Engine.Status;

        s.EngineId.ShouldBe("test");
        s.State.ShouldBe(b.Engine.State);
        s.StateName.ShouldBe(b.Engine.State.ToWireName());
        s.Preset.ShouldBe("breakout_v1");
        s.Mode.ShouldBe(TradingMode.Paper);
        s.Exchange.ShouldBe("paper");
        s.OpenPositions.ShouldBe(1);
        s.Slots.ShouldBe(3);
        s.FreeSlots.ShouldBe(2);
        var summary = s.Positions.ShouldHaveSingleItem();
        summary.InstrumentId.ShouldBe(p.InstrumentId);
        s.AvailableCommands.ShouldBe(TradingEngine.CommandsFor(s.State, hasPreset: true));
        s.LastCycleAt.ShouldBe(b.Clock.GetUtcNow());
        s.Equity.ShouldBe((await b.Paper.GetBalanceAsync(Ct)).Equity);
        s.RecentTransitions.ShouldNotBeEmpty();
        s.RecentTransitions[^1].To.ShouldBe(s.State);
        s.KillSwitch.Triggered.ShouldBeFalse();
    }

    [Fact]
    public async Task TheStatusCountsClosedTradesAndTheirNetPnl()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        await b.StepAsync();
        var p = await b.OpenPositionAsync(1, PositionSide.Long, 2_000m, 0.05m);

        (await b.Engine.StopAsync(flatten: true, cancellationToken: Ct)).Success.ShouldBeTrue();

        var s = b.Engine.Status;
        s.OpenPositions.ShouldBe(0);
        s.ClosedTrades.ShouldBe(1);
        s.RealizedNetPnl.ShouldBe(p.NetRealizedPnl);
        s.RealizedNetPnl.ShouldBeLessThan(0m, "fees and slippage on an immediate round trip");
    }

    [Fact]
    public async Task TodaysPnlComesFromTheSameTradeBookAsTheRealisedTotal()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        await b.StepAsync();
        var p = await b.OpenPositionAsync(1, PositionSide.Long, 2_000m, 0.05m);
        await b.StepAsync();

        var open = b.Engine.Status;
        open.OpenNetPnl.ShouldBe(open.Positions.Sum(x => x.NetPnl), "the open part is what the positions table shows");
        open.TodayPnl.ShouldBe(open.RealizedNetToday + open.OpenNetPnl);
        open.Positions.ShouldHaveSingleItem().RestingOrders.ShouldBeGreaterThan(0, "the stop rests on the exchange");

        (await b.Engine.StopAsync(flatten: true, cancellationToken: Ct)).Success.ShouldBeTrue();

        var s = b.Engine.Status;
        s.OpenNetPnl.ShouldBe(0m);
        s.RealizedNetToday.ShouldBe(p.NetRealizedPnl);
        s.TodayPnl.ShouldBe(s.RealizedNetPnl, "with nothing open and every trade closed today, today's P&L is the realised net");
        s.DayStartEquity.ShouldBeGreaterThan(0m);
    }

    [Fact]
    public async Task APositionStillOpenAfterMidnightIsCountedAsOpenedBeforeTheDayBegan()
    {
        using var b = new EngineBuilder();
        // One slot (the engine opens nothing of its own beside it) and exits far enough away that it stays open past midnight.
        var preset = EngineBuilder.Preset(r => r with { MaxConcurrentPositions = 1 });
        preset = preset with { PositionConfig = preset.PositionConfig with { MaxHoldTimeHours = 1_000, NoProgressHours = 1_000, Tp1R = 50, Tp2R = 60 } };
        (await b.StartAsync(preset)).Success.ShouldBeTrue();
        await b.StepAsync();
        var p = await b.OpenPositionAsync(1, PositionSide.Long, 2_000m, 0.3m);
        await b.StepAsync();
        var day = DateOnly.FromDateTime(b.Clock.GetUtcNow().UtcDateTime);
        b.Engine.Status.TodayOpenedBefore.ShouldBe(0, "opened today");

        (await b.RunCyclesUntilAsync(_ => DateOnly.FromDateTime(b.Clock.GetUtcNow().UtcDateTime) > day, maxBars: 300)).ShouldBeTrue("the replay reaches the next UTC day");
        await b.StepAsync();

        p.Status.ShouldBe(PositionStatus.Open);
        b.Engine.Status.TodayOpenedBefore.ShouldBe(1, "its whole P&L is in Today's P&L, only the part since 00:00 in the account's change");
    }
}
