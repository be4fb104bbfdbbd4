using System.Globalization;
using System.Text;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Engine;

public class TradingEnginePropertyTests
{
    private const int Sequences = 300;
    private const int StepsPerSequence = 30;

    private static readonly TradingState[] MidPipeline =
        [TradingState.LevelBuilding, TradingState.SignalWait, TradingState.Sizing, TradingState.Execution];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RandomCommandsAndCyclesNeverLeaveTheTransitionTable()
    {
        var visited = new HashSet<TradingState>();
        for (var seed = 1; seed <= Sequences; seed++)
        {
            visited.UnionWith(await RunSequenceAsync(seed));
        }

        visited.ShouldBe(Enum.GetValues<TradingState>(), ignoreOrder: true, "the random runs must reach every state");
    }

    private static async Task<IEnumerable<TradingState>> RunSequenceAsync(int seed)
    {
        var random = new Random(seed);
        using var b = new EngineBuilder(bars: 420);
        b.AdvanceBars(300 + random.Next(60));
        var recorded = new List<StateTransition>();
        var forced = new List<(TradingState From, TradingState To)>();
        using var subscription = b.Engine.StateMachine.Subscribe(recorded.Add);
        var log = new StringBuilder();
        var commands = Enum.GetValues<EngineCommand>();
        var clockNudged = false;

        for (var step = 0; step < StepsPerSequence; step++)
        {
            var before = b.Engine.State;
            var roll = random.Next(14);
            var engineActed = true;
            if (roll < 8)
            {
                var command = commands[random.Next(commands.Length)];
                var offered = TradingEngine.CommandsFor(before, b.Engine.Preset is not null).Contains(command);
                var result = await b.Engine.ExecuteAsync(command, cancellationToken: Ct);
                log.Append(CultureInfo.InvariantCulture, $"{before}:{command}={result.Success}; ");
                result.StateBefore.ShouldBe(before, Context(seed, log, "the result misreports the state before"));
                result.StateAfter.ShouldBe(b.Engine.State, Context(seed, log, "the result misreports the state after"));
                if (!offered)
                {
                    result.Success.ShouldBeFalse(Context(seed, log, $"{command} succeeded in {before} where it is not offered"));
                    b.Engine.State.ShouldBe(before, Context(seed, log, "a refused command changed the state: " + result.Message));
                }
                else if (!result.Success && b.Engine.State != before)
                {
                    // The one documented case: a start whose initialisation fails ends in ERROR.
                    (command, b.Engine.State).ShouldBe((EngineCommand.Start, TradingState.Error), Context(seed, log, "a failed command moved the engine: " + result.Message));
                }
            }
            else if (roll < 11 && b.HasMoreBars)
            {
                b.AdvanceBar();
                clockNudged = false;
                await b.Engine.RunUntilRestAsync(12, Ct);
                log.Append(CultureInfo.InvariantCulture, $"bar->{b.Engine.State}; ");
            }
            else if (roll == 11 && before.IsTradingActive())
            {
                var target = MidPipeline[random.Next(MidPipeline.Length)];
                var r = b.Engine.StateMachine.TransitionTo(target, "property test", force: true);
                if (r.Transition is { Forced: true })
                {
                    forced.Add((before, target));
                }
                engineActed = false;
                log.Append(CultureInfo.InvariantCulture, $"force {target}; ");
            }
            else if (roll == 12)
            {
                var n = 1 + random.Next(6);
                b.Exchange.FailBalance(n, () => new TimeoutException("injected timeout"));
                engineActed = false;
                log.Append(CultureInfo.InvariantCulture, $"fail balance x{n}; ");
            }
            else if (!clockNudged)
            {
                b.Clock.Advance(TimeSpan.FromSeconds(31));
                clockNudged = true;
                await b.Engine.RunCycleAsync(Ct);
                log.Append(CultureInfo.InvariantCulture, $"+31s->{b.Engine.State}; ");
            }
            else
            {
                engineActed = false;
            }

            Enum.IsDefined(b.Engine.State).ShouldBeTrue(Context(seed, log, "undefined state"));
            if (engineActed)
            {
                // The snapshot is refreshed by every command and cycle; a transition forced on the state machine bypasses the engine.
                b.Engine.Status.State.ShouldBe(b.Engine.State, Context(seed, log, "status snapshot out of date"));
            }
            if (b.Engine.Preset is { } preset)
            {
                b.Engine.Positions.ActiveCount.ShouldBeLessThanOrEqualTo(preset.Risk.MaxConcurrentPositions, Context(seed, log, "too many positions"));
            }
        }

        var forcedSeen = recorded.Where(t => t.Forced).Select(t => (t.From, t.To)).ToList();
        forcedSeen.ShouldBe(forced, Context(seed, log, "a forced transition the test did not ask for"));
        foreach (var t in recorded.Where(t => !t.Forced))
        {
            TradingStates.CanTransition(t.From, t.To).ShouldBeTrue(Context(seed, log, $"{t.From} -> {t.To} ({t.Reason}) is outside the table"));
        }
        return recorded.Select(t => t.To);
    }

    private static string Context(int seed, StringBuilder log, string what) => $"seed {seed}: {what}. Steps: {log}";
}
