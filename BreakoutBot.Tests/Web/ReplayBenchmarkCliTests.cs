using System.Globalization;
using System.Text;
using System.Text.Json;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Web.Cli;

namespace BreakoutBot.Tests.Web;

/// <summary><c>replay --data</c> without a BTC series, and <c>--benchmark FILE</c> (issue 9, point 4).</summary>
public sealed class ReplayBenchmarkCliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "breakoutbot-bench-cli-" + Guid.NewGuid().ToString("N"));

    public ReplayBenchmarkCliTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "data"));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Writes the generated market's non-BTC instruments as CSV files into data/, and BTC into benchmark/; returns the BTC file.</summary>
    private string WriteFixture(int bars)
    {
        var market = MarketDataSet.Generated(7, 3, bars);
        var btcFile = "";
        foreach (var instrument in market.Instruments)
        {
            var isBtc = instrument.BaseCurrency == "BTC";
            var dir = Path.Combine(_folder, isBtc ? "benchmark" : "data");
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, instrument.Id + ".csv");
            File.WriteAllText(path, Csv(market.Candles[instrument.Id]));
            btcFile = isBtc ? path : btcFile;
        }
        return btcFile;
    }

    private static string Csv(IReadOnlyList<Candle> candles)
    {
        var sb = new StringBuilder(CandleCsvLoader.Header).Append('\n');
        foreach (var c in candles)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{c.Time.ToUnixTimeMilliseconds()},{c.Open},{c.High},{c.Low},{c.Close},{c.Volume}\n");
        }
        return sb.ToString();
    }

    [Fact]
    public async Task AFolderWithoutBtcSaysSoAtStartAndInTheReport()
    {
        WriteFixture(600);
        var report = Path.Combine(_folder, "r.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliCommands.RunAsync(["replay", "--data", Path.Combine(_folder, "data"), "--out", report], output, error);

        code.ShouldBe(0, error.ToString());
        var lines = output.ToString().Split('\n');
        lines[1].ShouldStartWith("Warning: No BTC series in the data");
        output.ToString().ShouldContain("Not checked (the data has no input for them): min_oi, oi_delta, correlation, l2_imbalance");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report, Ct));
        json.RootElement.GetProperty("benchmark").ValueKind.ShouldBe(JsonValueKind.Null);
        json.RootElement.GetProperty("notes")[0].GetString()!.ShouldStartWith("No BTC series in the data");
    }

    [Fact]
    public async Task BenchmarkFileIsReadButNotTraded()
    {
        var btc = WriteFixture(600);
        var report = Path.Combine(_folder, "r.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliCommands.RunAsync(["replay", "--data", Path.Combine(_folder, "data"), "--benchmark", btc, "--out", report], output, error);

        code.ShouldBe(0, error.ToString());
        output.ToString().ShouldContain($"Benchmark: BTC-USDT-SWAP (from {btc}, not traded).");
        output.ToString().ShouldNotContain("Warning: No BTC series");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report, Ct));
        json.RootElement.GetProperty("benchmark").GetString().ShouldBe("BTC-USDT-SWAP");
        json.RootElement.GetProperty("trades").EnumerateArray()
            .Select(t => t.GetProperty("instrument").GetString()).ShouldNotContain("BTC-USDT-SWAP");
    }

    [Fact]
    public async Task ABadBenchmarkFileIsAnErrorNamingTheFileAndLine()
    {
        WriteFixture(200);
        var bad = Path.Combine(_folder, "BTC-USDT-SWAP.csv");
        File.WriteAllText(bad, CandleCsvLoader.Header + "\n1714521600000,100,101,99,100.5,10\n1714521900000,100,oops,99,100.5,10\n");
        var error = new StringWriter();

        var code = await CliCommands.RunAsync(["replay", "--data", Path.Combine(_folder, "data"), "--benchmark", bad], new StringWriter(), error);

        code.ShouldBe(2);
        error.ToString().ShouldContain("--benchmark");
        error.ToString().ShouldContain("BTC-USDT-SWAP.csv line 3");
    }

    [Fact]
    public async Task AMissingBenchmarkFileIsNamed()
    {
        WriteFixture(200);
        var missing = Path.Combine(_folder, "nope.csv");
        var error = new StringWriter();

        var code = await CliCommands.RunAsync(["replay", "--data", Path.Combine(_folder, "data"), "--benchmark", missing], new StringWriter(), error);

        code.ShouldBe(2);
        error.ToString().ShouldContain(missing);
    }
}
