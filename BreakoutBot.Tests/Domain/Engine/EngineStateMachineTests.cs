using System.Collections.Concurrent;
using BreakoutBot.Domain.Engine;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Domain.Engine;

public class EngineStateMachineTests
{
    // Written independently of TradingStates from the original bot's VALID_TRANSITIONS table (wire names).
    private static readonly Dictionary<string, string[]> ExpectedTable = new()
    {
        ["idle"] = ["initializing", "scanning", "stopped", "error"],
        ["initializing"] = ["scanning", "error", "emergency", "stopped"],
        ["scanning"] = ["level_building", "managing", "paused", "error", "emergency", "stopped"],
        ["level_building"] = ["signal_wait", "scanning", "error", "emergency", "stopped"],
        ["signal_wait"] = ["sizing", "managing", "scanning", "paused", "error", "emergency", "stopped"],
        ["sizing"] = ["execution", "scanning", "error", "emergency", "stopped"],
        ["execution"] = ["managing", "scanning", "error", "emergency", "stopped"],
        ["managing"] = ["scanning", "managing", "paused", "error", "emergency", "stopped"],
        ["paused"] = ["scanning", "managing", "idle", "error", "emergency", "stopped"],
        ["error"] = ["scanning", "managing", "idle", "emergency", "stopped"],
        ["emergency"] = ["stopped", "idle"],
        ["stopped"] = ["idle", "initializing"],
    };

    private static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    public static TheoryData<TradingState, TradingState> AllPairs()
    {
        var data = new TheoryData<TradingState, TradingState>();
        foreach (var from in Enum.GetValues<TradingState>())
        {
            foreach (var to in Enum.GetValues<TradingState>())
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public async Task EveryCellOfTheTransitionMatrixBehavesAsTheOriginalTable(TradingState from, TradingState to)
    {
        var expectedAllowed = ExpectedTable[WireName(from)].Contains(WireName(to));
        var machine = new EngineStateMachine(from, new FakeTimeProvider(Start));

        TradingStates.CanTransition(from, to).ShouldBe(expectedAllowed);
        TradingStates.ValidTargets(from).Contains(to).ShouldBe(expectedAllowed);

        var result = await Move(machine, to, "matrix");

        if (from == to)
        {
            // Same state: the Managing self-loop is accepted without a record, every other one is ignored.
            result.Outcome.ShouldBe(expectedAllowed ? TransitionOutcome.Done : TransitionOutcome.Ignored);
            machine.TransitionCount.ShouldBe(0);
        }
        else if (expectedAllowed)
        {
            result.Outcome.ShouldBe(TransitionOutcome.Done);
            result.Succeeded.ShouldBeTrue();
            machine.Current.ShouldBe(to);
            machine.Previous.ShouldBe(from);
            machine.History().Single().ShouldBe(result.Transition);
        }
        else
        {
            result.Outcome.ShouldBe(TransitionOutcome.Rejected);
            result.Succeeded.ShouldBeFalse();
            machine.Current.ShouldBe(from);
            machine.Previous.ShouldBeNull();
            machine.History().ShouldBeEmpty();
        }
        machine.Current.ShouldBe(expectedAllowed ? to : from);
    }

    [Fact]
    public void PausedCannotBeEnteredFromLevelBuildingSizingOrExecution()
    {
        TradingStates.CanTransition(TradingState.LevelBuilding, TradingState.Paused).ShouldBeFalse();
        TradingStates.CanTransition(TradingState.Sizing, TradingState.Paused).ShouldBeFalse();
        TradingStates.CanTransition(TradingState.Execution, TradingState.Paused).ShouldBeFalse();
        TradingStates.CanTransition(TradingState.Scanning, TradingState.Paused).ShouldBeTrue();
    }

    [Fact]
    public void PredicatesClassifyEveryState()
    {
        var terminal = Enum.GetValues<TradingState>().Where(s => s.IsTerminal()).ToArray();
        var error = Enum.GetValues<TradingState>().Where(s => s.IsError()).ToArray();
        var active = Enum.GetValues<TradingState>().Where(s => s.IsTradingActive()).ToArray();

        terminal.ShouldBe([TradingState.Emergency, TradingState.Stopped], ignoreOrder: true);
        error.ShouldBe([TradingState.Error, TradingState.Emergency], ignoreOrder: true);
        active.ShouldBe(
            [TradingState.Scanning, TradingState.LevelBuilding, TradingState.SignalWait, TradingState.Sizing, TradingState.Execution, TradingState.Managing],
            ignoreOrder: true);
    }

    [Theory]
    [InlineData(TradingState.Idle, "idle")]
    [InlineData(TradingState.LevelBuilding, "level_building")]
    [InlineData(TradingState.SignalWait, "signal_wait")]
    [InlineData(TradingState.Emergency, "emergency")]
    public void WireNamesAreLowercaseSnakeAndRoundTrip(TradingState state, string wire)
    {
        state.ToWireName().ShouldBe(wire);
        TradingStates.TryParseWireName(wire, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(state);
        TradingStates.TryParseWireName("LEVEL_BUILDING", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task MachineReportsPredicatesAndValidNextStatesForItsCurrentState()
    {
        var machine = new EngineStateMachine(TradingState.Idle, new FakeTimeProvider(Start));
        machine.IsTradingActive.ShouldBeFalse();
        machine.ValidNextStates.ShouldBe(
            [TradingState.Initializing, TradingState.Scanning, TradingState.Stopped, TradingState.Error], ignoreOrder: true);

        (await Move(machine, TradingState.Scanning, "go")).Succeeded.ShouldBeTrue();
        machine.IsTradingActive.ShouldBeTrue();
        (await Move(machine, TradingState.Emergency, "kill switch")).Succeeded.ShouldBeTrue();
        machine.IsTerminal.ShouldBeTrue();
        machine.IsError.ShouldBeTrue();
        machine.ValidNextStates.ShouldBe([TradingState.Stopped, TradingState.Idle], ignoreOrder: true);
    }

    [Fact]
    public async Task SameStateRequestIsIgnoredAndNotRecorded()
    {
        var machine = new EngineStateMachine(TradingState.Scanning, new FakeTimeProvider(Start));
        var notified = 0;
        using var _ = machine.Subscribe(_ => { notified++; });

        var result = await Move(machine, TradingState.Scanning, "again");

        result.Outcome.ShouldBe(TransitionOutcome.Ignored);
        result.Transition.ShouldBeNull();
        machine.History().ShouldBeEmpty();
        machine.TransitionCount.ShouldBe(0);
        notified.ShouldBe(0);
    }

    [Fact]
    public async Task ASubscriberGetsTransitionsOnlyWhileItWantsThemAndTheHistoryKeepsEveryOne()
    {
        var machine = new EngineStateMachine(TradingState.Idle, new FakeTimeProvider(Start));
        var wanting = false;
        var seen = new List<StateTransition>();
        var always = new List<StateTransition>();
        using var a = machine.Subscribe(seen.Add, () => wanting);

        (await Move(machine, TradingState.Initializing, "start")).Succeeded.ShouldBeTrue();
        seen.ShouldBeEmpty();
        wanting = true;
        using var b = machine.Subscribe(always.Add);
        var result = await Move(machine, TradingState.Scanning, "ready");

        var history = machine.History();
        history.Select(t => t.Reason).ShouldBe(["start", "ready"]);
        seen.ShouldBe([history[1]]);
        // Both subscribers get the one record made for the transition, equal to the history's and the result's.
        always.ShouldHaveSingleItem().ShouldBeSameAs(seen[0]);
        result.Transition.ShouldBe(history[1]);
    }

    [Fact]
    public async Task ForcedSameStateRequestIsRecordedAsDone()
    {
        var machine = new EngineStateMachine(TradingState.Paused, new FakeTimeProvider(Start));
        var seen = new List<StateTransition>();
        using var _ = machine.Subscribe(t => { seen.Add(t); });

        var result = await Move(machine, TradingState.Paused, "operator re-pause", force: true);

        result.Outcome.ShouldBe(TransitionOutcome.Done);
        var recorded = machine.History().ShouldHaveSingleItem();
        recorded.From.ShouldBe(TradingState.Paused);
        recorded.To.ShouldBe(TradingState.Paused);
        recorded.Forced.ShouldBeTrue();
        seen.ShouldBe([recorded]);
    }

    [Fact]
    public async Task ManagingSelfLoopSucceedsWithoutAHistoryEntry()
    {
        var machine = new EngineStateMachine(TradingState.Managing, new FakeTimeProvider(Start));

        var result = await Move(machine, TradingState.Managing, "next management cycle");

        result.Outcome.ShouldBe(TransitionOutcome.Done);
        result.Succeeded.ShouldBeTrue();
        result.Transition.ShouldBeNull();
        machine.History().ShouldBeEmpty();
        machine.TransitionCount.ShouldBe(0);
        machine.Current.ShouldBe(TradingState.Managing);
    }

    [Fact]
    public async Task ForceBypassesTheTableAndIsMarkedForced()
    {
        var machine = new EngineStateMachine(TradingState.Sizing, new FakeTimeProvider(Start));

        var result = await Move(machine, TradingState.Paused, "operator override", force: true);

        result.Outcome.ShouldBe(TransitionOutcome.Done);
        machine.Current.ShouldBe(TradingState.Paused);
        machine.History().Single().Forced.ShouldBeTrue();
    }

    [Fact]
    public async Task TransitionsRecordUtcTimeReasonAndMetadataFromTheInjectedClock()
    {
        var time = new FakeTimeProvider(Start);
        var machine = new EngineStateMachine(TradingState.Idle, time);

        await Move(machine, TradingState.Initializing, "boot");
        time.Advance(TimeSpan.FromSeconds(90));
        var metadata = new Dictionary<string, string> { ["symbol"] = "BTC-USDT-SWAP" };
        await Move(machine, TradingState.Scanning, "initialization complete", metadata);
        metadata["symbol"] = "changed after the call";

        var history = machine.History();
        history.Count.ShouldBe(2);
        history[0].Time.ShouldBe(Start);
        history[1].Time.ShouldBe(Start.AddSeconds(90));
        history.ShouldAllBe(t => t.Time.Offset == TimeSpan.Zero);
        history[1].Reason.ShouldBe("initialization complete");
        history[1].Metadata["symbol"].ShouldBe("BTC-USDT-SWAP");
        history[0].Metadata.ShouldBeEmpty();
    }

    [Fact]
    public async Task HistoryKeepsTheLastHundredTransitionsInOrder()
    {
        var machine = new EngineStateMachine(TradingState.Scanning, new FakeTimeProvider(Start));
        for (var i = 0; i < 150; i++)
        {
            var target = machine.Current == TradingState.Scanning ? TradingState.Managing : TradingState.Scanning;
            (await Move(machine, target, "step " + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).Succeeded.ShouldBeTrue();
        }

        var history = machine.History(0);

        machine.TransitionCount.ShouldBe(150);
        history.Count.ShouldBe(EngineStateMachine.HistoryCapacity);
        history.Select(t => t.Reason).ShouldBe(Enumerable.Range(50, 100).Select(i => "step " + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        machine.History(3).Select(t => t.Reason).ShouldBe(["step 147", "step 148", "step 149"]);
    }

    [Fact]
    public async Task ATransitionRequestedFromASubscriberIsRefusedWithoutDeadlockOrReordering()
    {
        var machine = new EngineStateMachine(TradingState.Idle, new FakeTimeProvider(Start));
        TransitionResult? nested = null;
        using var _ = machine.Subscribe(t =>
        {
            if (t.To == TradingState.Scanning)
            {
                nested = machine.TransitionTo(TradingState.Stopped, "from a subscriber");
            }
        });

        var first = await Move(machine, TradingState.Scanning, "go");

        first.Outcome.ShouldBe(TransitionOutcome.Done);
        nested.ShouldNotBeNull();
        nested.Value.Outcome.ShouldBe(TransitionOutcome.Nested);
        nested.Value.Succeeded.ShouldBeFalse();
        machine.Current.ShouldBe(TradingState.Scanning);
        machine.History().Select(t => t.To).ShouldBe([TradingState.Scanning]);
        (await Move(machine, TradingState.Stopped, "after the notification")).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task AnotherThreadWaitsForTheTransitionBeingPublishedAndThenContinuesTheChain()
    {
        var machine = new EngineStateMachine(TradingState.Idle, new FakeTimeProvider(Start));
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var _ = machine.Subscribe(t =>
        {
            if (t.To == TradingState.Scanning)
            {
                entered.Set();
                release.Wait(TimeSpan.FromSeconds(10));
            }
        });

        var first = Task.Run(() => machine.TransitionTo(TradingState.Scanning, "holds the lock while publishing"), TestContext.Current.CancellationToken);
        entered.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken).ShouldBeTrue();
        var second = Task.Run(() => machine.TransitionTo(TradingState.Stopped, "waits"), TestContext.Current.CancellationToken);
        second.IsCompleted.ShouldBeFalse();
        release.Set();

        (await first).Outcome.ShouldBe(TransitionOutcome.Done);
        (await second).Outcome.ShouldBe(TransitionOutcome.Done);
        machine.History().Select(t => t.To).ShouldBe([TradingState.Scanning, TradingState.Stopped]);
    }

    [Fact]
    public async Task ThrowingSubscriberNeitherBreaksTheTransitionNorTheOtherSubscribers()
    {
        var machine = new EngineStateMachine(TradingState.Idle, new FakeTimeProvider(Start));
        var received = new List<TradingState>();
        using var bad = machine.Subscribe(_ => throw new InvalidOperationException("subscriber bug"));
        using var good = machine.Subscribe(t => { received.Add(t.To); });

        var result = await Move(machine, TradingState.Initializing, "boot");

        result.Outcome.ShouldBe(TransitionOutcome.Done);
        machine.Current.ShouldBe(TradingState.Initializing);
        received.ShouldBe([TradingState.Initializing]);
    }

    [Fact]
    public async Task SubscriberSeesTheNewStateAndCanReadTheMachineWithoutDeadlock()
    {
        var machine = new EngineStateMachine(TradingState.Idle, new FakeTimeProvider(Start));
        TradingState? seenCurrent = null;
        TradingState? seenPrevious = null;
        var seenHistory = 0;
        using var _ = machine.Subscribe(_ =>
        {
            seenCurrent = machine.Current;
            seenPrevious = machine.Previous;
            seenHistory = machine.History().Count;
        });

        await Move(machine, TradingState.Scanning, "go").WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        seenCurrent.ShouldBe(TradingState.Scanning);
        seenPrevious.ShouldBe(TradingState.Idle);
        seenHistory.ShouldBe(1);
    }

    [Fact]
    public async Task DisposedSubscriptionIsNoLongerCalled()
    {
        var machine = new EngineStateMachine(TradingState.Idle, new FakeTimeProvider(Start));
        var calls = 0;
        var subscription = machine.Subscribe(_ => { calls++; });

        await Move(machine, TradingState.Scanning, "one");
        subscription.Dispose();
        await Move(machine, TradingState.Managing, "two");

        calls.ShouldBe(1);
    }

    [Fact]
    public async Task ConcurrentTransitionsFormAnUnbrokenChain()
    {
        var machine = new EngineStateMachine(TradingState.Idle, new FakeTimeProvider(Start));
        var published = new ConcurrentQueue<StateTransition>();
        using var _ = machine.Subscribe(t => { published.Enqueue(t); });
        var states = Enum.GetValues<TradingState>();

        var workers = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 60; i++)
            {
                // Half the time aim at a target valid now (it may be stale by the time the lock is taken).
                var valid = machine.ValidNextStates.ToArray();
                var target = random.Next(2) == 0 && valid.Length > 0 ? valid[random.Next(valid.Length)] : states[random.Next(states.Length)];
                await Move(machine, target, "worker " + worker.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        })).ToArray();
        await Task.WhenAll(workers);

        var all = published.ToArray();
        all.Length.ShouldBe(machine.TransitionCount);
        all.Length.ShouldBeGreaterThan(100);
        all[0].From.ShouldBe(TradingState.Idle);
        for (var i = 1; i < all.Length; i++)
        {
            all[i].From.ShouldBe(all[i - 1].To, $"entry {i} does not continue from entry {i - 1}");
            TradingStates.CanTransition(all[i].From, all[i].To).ShouldBeTrue();
        }
        all[^1].To.ShouldBe(machine.Current);
        machine.History(0).ShouldBe(all[^EngineStateMachine.HistoryCapacity..]);
    }

    private static Task<TransitionResult> Move(
        EngineStateMachine machine,
        TradingState target,
        string reason,
        IReadOnlyDictionary<string, string>? metadata = null,
        bool force = false) =>
        Task.FromResult(machine.TransitionTo(target, reason, metadata, force));

    private static string WireName(TradingState state) =>
        string.Concat(state.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
