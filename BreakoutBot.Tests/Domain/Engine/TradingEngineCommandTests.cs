using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Engine;

public class TradingEngineCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<TradingState, EngineCommand> EveryStateAndCommand()
    {
        var data = new TheoryData<TradingState, EngineCommand>();
        foreach (var state in Enum.GetValues<TradingState>())
        {
            foreach (var command in Enum.GetValues<EngineCommand>())
            {
                data.Add(state, command);
            }
        }
        return data;
    }

    /// <summary>Where each command is documented to take an engine with no open position.</summary>
    private static TradingState DocumentedTarget(EngineCommand command, TradingState before) => command switch
    {
        EngineCommand.Start => TradingState.Scanning,
        EngineCommand.Stop => TradingState.Stopped,
        EngineCommand.Pause => TradingState.Paused,
        EngineCommand.Resume => TradingState.Scanning,
        EngineCommand.Reload => before,
        EngineCommand.EmergencyStop or EngineCommand.KillSwitch => TradingState.Emergency,
        EngineCommand.Reset => TradingState.Idle,
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    [Theory]
    [MemberData(nameof(EveryStateAndCommand))]
    public async Task EveryCommandInEveryStateDoesExactlyWhatTheAvailableCommandsPromise(TradingState state, EngineCommand command)
    {
        using var b = new EngineBuilder();
        await b.EnterStateAsync(state);
        var offered = TradingEngine.CommandsFor(state, hasPreset: true).Contains(command);
        var transitionsBefore = b.Engine.StateMachine.TransitionCount;
        var killSwitchBefore = b.Risk.KillSwitch.Triggered;
        b.Engine.AvailableCommands.Contains(command).ShouldBe(offered, "the engine's own list must match CommandsFor");

        var result = await b.Engine.ExecuteAsync(command, cancellationToken: Ct);

        result.Command.ShouldBe(command);
        result.StateBefore.ShouldBe(state);
        if (offered)
        {
            var target = DocumentedTarget(command, state);
            result.Success.ShouldBeTrue(result.Message);
            result.StateAfter.ShouldBe(target);
            b.Engine.State.ShouldBe(target);
            b.Engine.Status.State.ShouldBe(target, "the status snapshot is refreshed after a command");
        }
        else
        {
            result.Success.ShouldBeFalse($"{command} is not offered in {state} but succeeded: {result.Message}");
            result.Message.ShouldContain(state.ToWireName(), Case.Insensitive, "the refusal must say which state refused it");
            result.StateAfter.ShouldBe(state);
            b.Engine.State.ShouldBe(state);
            b.Engine.StateMachine.TransitionCount.ShouldBe(transitionsBefore, "a refused command must not move the engine, not even through another state");
            b.Risk.KillSwitch.Triggered.ShouldBe(killSwitchBefore, "a refused command must leave no side effect behind");
        }
        b.Engine.Status.AvailableCommands.ShouldBe(TradingEngine.CommandsFor(b.Engine.State, b.Engine.Preset is not null));
    }

    [Fact]
    public async Task ARefusedKillSwitchDoesNotFireOnTheNextStart()
    {
        using var b = new EngineBuilder();
        await b.EnterStateAsync(TradingState.Stopped);

        var refused = await b.Engine.KillSwitchAsync("pressed while stopped", Ct);
        var start = await b.Engine.StartAsync("breakout_v1", TradingMode.Paper, Ct);
        await b.StepAsync();

        refused.Success.ShouldBeFalse();
        start.Success.ShouldBeTrue(start.Message);
        b.Engine.State.ShouldNotBe(TradingState.Emergency);
        b.Engine.Status.KillSwitch.Triggered.ShouldBeFalse();
    }

    [Fact]
    public async Task StartWithAnUnknownPresetFailsAndNamesIt()
    {
        using var b = new EngineBuilder();
        b.AdvanceBar();

        var r = await b.Engine.StartAsync("no_such_preset", TradingMode.Paper, Ct);

        r.Success.ShouldBeFalse();
        r.Message.ShouldContain("no_such_preset");
        b.Engine.State.ShouldBe(TradingState.Idle);
        b.Engine.Preset.ShouldBeNull();
    }

    [Fact]
    public async Task StartWithAnInvalidPresetFailsAndNamesTheBadField()
    {
        using var b = new EngineBuilder();
        var bad = EngineBuilder.Preset(r => r with { RiskPerTrade = 1.5 });

        var r = await b.StartAsync(bad);

        r.Success.ShouldBeFalse();
        r.Message.ShouldContain("Invalid preset");
        r.Message.ShouldContain("risk.risk_per_trade");
        b.Engine.State.ShouldBe(TradingState.Idle);
        b.Engine.StateMachine.TransitionCount.ShouldBe(0);
    }

    [Theory]
    [InlineData(TradingMode.Live)]
    [InlineData(TradingMode.LiveDemo)]
    public async Task StartInALiveModeOnThePaperExchangeFails(TradingMode mode)
    {
        using var b = new EngineBuilder();
        b.AdvanceBar();

        var r = await b.Engine.StartAsync("breakout_v1", mode, Ct);

        r.Success.ShouldBeFalse();
        r.Message.ShouldContain("paper");
        b.Engine.State.ShouldBe(TradingState.Idle);
        b.Engine.Preset.ShouldBeNull();
    }

    [Fact]
    public async Task ReloadKeepsOpenPositionsAndTheStateAndAppliesTheNewValues()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        await b.StepAsync();
        var position = await b.OpenPositionAsync(1, PositionSide.Long, 2_000m, 0.05m);
        await b.StepAsync();
        var stateBefore = b.Engine.State;
        var openBefore = b.Engine.Positions.OpenPositions.Select(p => p.Id).ToList();
        var edited = EngineBuilder.Preset(r => r with { MaxConcurrentPositions = 5, RiskPerTrade = 0.01 });
        b.Presets.Put(edited);

        var r = await b.Engine.ReloadAsync(Ct);

        r.Success.ShouldBeTrue(r.Message);
        b.Engine.State.ShouldBe(stateBefore);
        b.Engine.Positions.OpenPositions.Select(p => p.Id).ShouldBe(openBefore);
        position.IsOpen.ShouldBeTrue();
        (await b.Paper.GetOpenOrdersAsync(Ct)).ShouldContain(o => o.Type == OrderType.StopMarket && o.InstrumentId == position.InstrumentId,
            "the reloaded engine keeps the resting stop");
        b.Engine.Preset!.Risk.MaxConcurrentPositions.ShouldBe(5);
        b.Engine.Preset.Risk.RiskPerTrade.ShouldBe(0.01);
        b.Engine.Status.Slots.ShouldBe(5);
        b.Engine.Status.FreeSlots.ShouldBe(4);
    }

    [Fact]
    public async Task ReloadOfAPresetThatBecameInvalidIsRefusedAndTheOldPresetStays()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        b.Presets.Put(EngineBuilder.Preset(r => r with { MaxConcurrentPositions = 0 }));

        var r = await b.Engine.ReloadAsync(Ct);

        r.Success.ShouldBeFalse();
        r.Message.ShouldContain("risk.max_concurrent_positions");
        b.Engine.Preset!.Risk.MaxConcurrentPositions.ShouldBe(PresetCatalog.Get("breakout_v1").Risk.MaxConcurrentPositions);
        b.Engine.State.ShouldBe(TradingState.Scanning);
    }

    [Fact]
    public async Task AStartThatFailsWhileInitialisingEndsInErrorWithOnlyWorkingCommandsOffered()
    {
        using var b = new EngineBuilder();
        b.Exchange.FailBalance(1, () => new TimeoutException("balance timed out"));

        var r = await b.StartAsync();

        r.Success.ShouldBeFalse();
        r.Message.ShouldContain("balance timed out");
        b.Engine.State.ShouldBe(TradingState.Error);
        b.Engine.Preset.ShouldBeNull();
        foreach (var command in b.Engine.Status.AvailableCommands)
        {
            using var probe = new EngineBuilder();
            probe.Exchange.FailBalance(1, () => new TimeoutException("balance timed out"));
            (await probe.StartAsync()).Success.ShouldBeFalse();
            var result = await probe.Engine.ExecuteAsync(command, cancellationToken: Ct);
            result.Success.ShouldBeTrue($"{command} is offered after a failed start but fails: {result.Message}");
        }
        (await b.Engine.ResetAsync(Ct)).Success.ShouldBeTrue();
        (await b.StartAsync()).Success.ShouldBeTrue();
        b.Engine.State.ShouldBe(TradingState.Scanning);
    }

    [Fact]
    public async Task AFailedRestartDoesNotRecoverIntoTradingOnThePreviousPreset()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        (await b.Engine.StopAsync(cancellationToken: Ct)).Success.ShouldBeTrue();
        b.Exchange.FailBalance(1, () => new TimeoutException("balance timed out"));
        b.Presets.Put(PresetCatalog.Get("scalping_high_freq"));

        var r = await b.Engine.StartAsync("scalping_high_freq", TradingMode.Paper, Ct);
        b.Clock.Advance(TimeSpan.FromMinutes(2));
        await b.Engine.RunCycleAsync(Ct);

        r.Success.ShouldBeFalse();
        b.Engine.State.ShouldBe(TradingState.Error, "a start that failed must not turn into trading on its own");
        b.Engine.Preset.ShouldBeNull();
        b.Engine.Status.AvailableCommands.ShouldNotContain(EngineCommand.Resume);
    }

    [Fact]
    public async Task StartWithOpenPositionsCarriedOverGoesStraightToManaging()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        await b.OpenPositionAsync(2, PositionSide.Short, 1_000m, 0.05m);
        (await b.Engine.StopAsync(cancellationToken: Ct)).Success.ShouldBeTrue();

        var r = await b.Engine.StartAsync("breakout_v1", TradingMode.Paper, Ct);

        r.Success.ShouldBeTrue(r.Message);
        b.Engine.State.ShouldBe(TradingState.Managing);
        b.Engine.Status.OpenPositions.ShouldBe(1);
    }

    [Fact]
    public async Task StopWithFlattenClosesEveryPositionWithARealExitOrder()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        var p = await b.OpenPositionAsync(1, PositionSide.Long, 2_000m, 0.05m);

        var r = await b.Engine.StopAsync(flatten: true, cancellationToken: Ct);

        r.Success.ShouldBeTrue(r.Message);
        b.Engine.State.ShouldBe(TradingState.Stopped);
        p.Status.ShouldBe(PositionStatus.Closed);
        p.CloseReason.ShouldBe(ExitReason.Manual);
        (await b.Paper.GetPositionsAsync(Ct)).Where(x => x.Quantity != 0).ShouldBeEmpty();
        (await b.Paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
    }
}
