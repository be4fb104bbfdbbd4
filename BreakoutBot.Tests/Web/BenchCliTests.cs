using BreakoutBot.Web.Cli;

namespace BreakoutBot.Tests.Web;

/// <summary>
/// <c>bench</c> (issue 9, point 8; ADR-010 "Fifth round"): the fresh-run figures, the same data again (which must report
/// the same trades as the fresh run), and <c>--sweep N</c> as the portal runs a sweep. Small data: the figures are not
/// checked here, only that each is printed and the shared run agrees with the fresh one.
/// </summary>
public class BenchCliTests
{
    [Fact]
    public async Task BenchPrintsTheFreshAndTheSharedRunAndTheyReportTheSameTrades()
    {
        var output = new StringWriter();

        var code = await CliCommands.RunAsync(["bench", "--instruments", "4", "--bars", "1500", "--scan-instruments", "5", "--scan-rounds", "10"], output, new StringWriter());

        code.ShouldBe(0, output.ToString());
        var text = output.ToString();
        text.ShouldContain("Full pipeline (replay):");
        text.ShouldContain("best of 10 fresh runs; the process's first:");
        text.ShouldContain("Allocated per candle-step:");
        text.ShouldContain("on the process's CPU:");
        text.ShouldContain("same trades and net P&L as the fresh run: yes");
        text.ShouldContain("bytes (steady state:");
        // The steady figure split into the per-bar path (a replay nothing passes) and the rest, per trade.
        var quiet = text.Split('\n').Single(l => l.Contains("of which on bars without trading:", StringComparison.Ordinal));
        var quietBytes = double.Parse(Between(quiet, "without trading:", "bytes per candle-step"), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);
        var steadyLine = text.Split('\n').Single(l => l.Contains("bytes (steady state:", StringComparison.Ordinal));
        var steadyBytes = double.Parse(Between(steadyLine, "allocated per candle-step:", "bytes (steady"), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);
        quietBytes.ShouldBeGreaterThan(0);
        quietBytes.ShouldBeLessThan(steadyBytes);
        quiet.ShouldContain(text.Contains("(0 trades", StringComparison.Ordinal) ? "(no trade in this run)" : "KB per trade)");
        text.ShouldContain("Scan cycle, 5 instruments");
        // The targets line judges the figures it prints: the one-core rate against 1.5M, the allocation against 16 B.
        var targets = text.Split('\n').Single(l => l.StartsWith("Targets (issue 9):", StringComparison.Ordinal));
        var rate = double.Parse(Between(targets, "on one core (", ")"), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);
        targets.ShouldContain("): " + (rate >= 1_500_000 ? "met:" : "NOT met:") + " >= 1.5M candle-steps/s");
        var bytes = double.Parse(Between(targets, "(<= 16 B: ", " B)"), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);
        targets.ShouldContain("; " + (bytes <= 16 ? "met:" : "NOT met:") + " steady allocation near 0");
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task BenchSweepRunsTheRequestedNumberOfReplays()
    {
        var output = new StringWriter();

        var code = await CliCommands.RunAsync(["bench", "--instruments", "4", "--bars", "1500", "--sweep", "3"], output, new StringWriter());

        code.ShouldBe(0, output.ToString());
        output.ToString().ShouldContain("Sweep of 3 runs (6,000 candles each");
        output.ToString().ShouldContain("trades per run");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    public async Task ASweepSizeOutsideTheUsagesRangeIsRefusedNamingIt(string runs)
    {
        using var error = new StringWriter();

        var code = await CliCommands.RunAsync(["bench", "--sweep", runs], new StringWriter(), error);

        code.ShouldBe(2);
        error.ToString().ShouldContain("--sweep must be a whole number from 1 to 100");
    }
}
