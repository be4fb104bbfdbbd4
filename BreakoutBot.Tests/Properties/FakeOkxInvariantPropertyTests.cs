using BreakoutBot.Tests.Properties.Chaos;

namespace BreakoutBot.Tests.Properties;

/// <summary>
/// Property: random sequences of entries (some filling only in part), bars, 429/busy/500 answers, timeouts whose
/// request was executed, cancelled stops, reconnects, restarts of the adapter and kill switches, through the real OKX
/// adapter on the fake OKX server, keep the invariants of <see cref="ChaosRig"/>, checked after every step. Fixed
/// seed and bounded count (each sequence talks HTTP); a failure prints the seed and the (shrunk) sequence of steps.
/// </summary>
public sealed class FakeOkxInvariantPropertyTests
{
    private const string Seed = "0OkxChaos001";

    [Fact]
    public async Task Random_trading_with_faults_partial_fills_reconnects_and_restarts_keeps_positions_protected_ids_unique_and_equity_marked()
    {
        var coverage = new ChaosCoverage();
        await FixedSeedSample.RunAsync(
            ChaosStep.Sequence,
            Seed,
            50,
            async steps =>
            {
                await using var rig = await OkxChaosRig.StartAsync();
                await rig.RunAsync(steps);
                coverage.Add(rig.Coverage);
            },
            ChaosStep.Print,
            shrinkIterations: 0);

        TestContext.Current.TestOutputHelper?.WriteLine("Fake OKX chaos: " + coverage);
        coverage.Opened.ShouldBeGreaterThan(40, coverage.ToString());
        coverage.PartialEntries.ShouldBeGreaterThan(5, coverage.ToString());
        coverage.PartialExits.ShouldBeGreaterThan(3, coverage.ToString());
        coverage.FaultsMet.ShouldBeGreaterThan(40, coverage.ToString());
        coverage.StopsCancelled.ShouldBeGreaterThan(5, coverage.ToString());
        coverage.ReconnectsWithPositions.ShouldBeGreaterThan(10, coverage.ToString());
        coverage.RestartsWithPositions.ShouldBeGreaterThan(10, coverage.ToString());
    }
}
