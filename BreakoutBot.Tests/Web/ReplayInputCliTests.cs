using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Web.Cli;

namespace BreakoutBot.Tests.Web;

/// <summary><c>replay --data</c> refuses disordered, duplicated and header-only files, <c>--repair</c>, and <c>--out</c> checked first (issue 10, point 8).</summary>
public sealed class ReplayInputCliTests : IDisposable
{
    private const long T0 = 1714521600000; // 2024-05-01T00:00:00Z
    private const long Bar = 300_000;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "breakoutbot-replay-input-" + Guid.NewGuid().ToString("N"));

    public ReplayInputCliTests()
    {
        Directory.CreateDirectory(Data);
    }

    private string Data => Path.Combine(_folder, "data");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>A clean ETH file of <paramref name="bars"/> rows; returns its lines (header first) for tests to disturb.</summary>
    private static List<string> Rows(int bars)
    {
        var lines = new List<string> { CandleCsvLoader.Header };
        for (var i = 0; i < bars; i++)
        {
            lines.Add($"{T0 + (i * Bar)},100,101,99,100.5,10");
        }
        return lines;
    }

    private void Write(string instrument, IEnumerable<string> lines) =>
        File.WriteAllText(Path.Combine(Data, instrument + ".csv"), string.Join('\n', lines) + "\n");

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliCommands.RunAsync(["replay", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task UnsortedRowsAreRefusedNamingFileAndLine()
    {
        var rows = Rows(300);
        (rows[10], rows[11]) = (rows[11], rows[10]);
        Write("ETH-USDT-SWAP", rows);

        var (code, output, error) = await RunAsync("--data", Data);

        code.ShouldBe(2);
        error.ShouldContain("ETH-USDT-SWAP.csv line 12: the timestamp");
        error.ShouldContain("rows must be in time order");
        output.ShouldNotContain("Trades ");
    }

    [Fact]
    public async Task ADuplicateTimestampWithDifferentPricesIsRefusedEvenWithRepair()
    {
        var rows = Rows(300);
        rows.Insert(21, $"{T0 + (19 * Bar)},100,105,99,104,10");
        Write("ETH-USDT-SWAP", rows);

        foreach (var args in new[] { new[] { "--data", Data }, ["--data", Data, "--repair"] })
        {
            var (code, _, error) = await RunAsync(args);

            code.ShouldBe(2, string.Join(' ', args));
            error.ShouldContain("ETH-USDT-SWAP.csv line 22: the timestamp");
        }
    }

    [Fact]
    public async Task RepairSortsAndDropsExactDuplicatesAndSaysHowMany()
    {
        var rows = Rows(300);
        (rows[10], rows[11]) = (rows[11], rows[10]);
        rows.Insert(30, rows[29]);
        rows.Insert(31, rows[29]);
        Write("ETH-USDT-SWAP", rows);

        var (code, output, error) = await RunAsync("--data", Data, "--repair");

        code.ShouldBe(0, error);
        output.ShouldContain("Repair: ETH-USDT-SWAP: 1 rows sorted, 2 exact duplicates dropped.");
        output.ShouldContain("300 bars");
    }

    [Fact]
    public async Task AHeaderOnlyFileIsRefused()
    {
        Write("ETH-USDT-SWAP", [CandleCsvLoader.Header]);

        var (code, _, error) = await RunAsync("--data", Data);

        code.ShouldBe(2);
        error.ShouldContain("ETH-USDT-SWAP.csv: the file has only the header");
    }

    [Fact]
    public async Task AnOutPathThatCannotBeWrittenIsRefusedBeforeTheReplayStarts()
    {
        Write("ETH-USDT-SWAP", Rows(300));
        var blocker = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocker, "x");

        foreach (var outPath in new[] { Data, Path.Combine(blocker, "report.json") })
        {
            var (code, output, error) = await RunAsync("--data", Data, "--out", outPath);

            code.ShouldBe(2, outPath);
            error.ShouldContain("--out");
            output.ShouldNotContain("Replaying");
        }
    }

    [Fact]
    public async Task AWritableOutPathGetsTheReport()
    {
        Write("ETH-USDT-SWAP", Rows(300));
        var report = Path.Combine(_folder, "reports", "run.json");

        var (code, _, error) = await RunAsync("--data", Data, "--out", report);

        code.ShouldBe(0, error);
        new FileInfo(report).Length.ShouldBeGreaterThan(0);
    }
}
