using BreakoutBot.Tests.Properties.Chaos;

namespace BreakoutBot.Tests.Properties;

/// <summary>
/// Property: random sequences of entries, bars (stops, take-profits and partial exits fill as the price moves),
/// rejects, lost answers, cancelled stops, reconnects, restarts and kill switches on the paper exchange keep the
/// invariants of <see cref="ChaosRig"/>, checked after every step. Fixed seed and bounded count; a failure prints the
/// seed and the (shrunk) sequence of steps.
/// </summary>
public sealed class PaperExchangeInvariantPropertyTests
{
    private const string Seed = "0PaperChaos1";

    [Fact]
    public async Task Random_trading_with_faults_reconnects_and_restarts_keeps_positions_protected_ids_unique_and_equity_marked()
    {
        var coverage = new ChaosCoverage();
        await FixedSeedSample.RunAsync(
            ChaosStep.Sequence,
            Seed,
            300,
            async steps =>
            {
                var rig = await PaperChaosRig.StartAsync();
                await rig.RunAsync(steps);
                coverage.Add(rig.Coverage);
            },
            ChaosStep.Print,
            shrinkIterations: 2000);

        TestContext.Current.TestOutputHelper?.WriteLine("Paper chaos: " + coverage);
        coverage.Opened.ShouldBeGreaterThan(200, coverage.ToString());
        coverage.PartialExits.ShouldBeGreaterThan(10, coverage.ToString());
        coverage.StopsCancelled.ShouldBeGreaterThan(20, coverage.ToString());
        coverage.ReconnectsWithPositions.ShouldBeGreaterThan(20, coverage.ToString());
        coverage.RestartsWithPositions.ShouldBeGreaterThan(20, coverage.ToString());
        coverage.FaultsMet.ShouldBeGreaterThan(100, coverage.ToString());
    }
}
