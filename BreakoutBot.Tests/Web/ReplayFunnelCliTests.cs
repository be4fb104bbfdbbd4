using System.Text.Json;
using BreakoutBot.Web.Cli;

namespace BreakoutBot.Tests.Web;

public sealed class ReplayFunnelCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bb-funnel-cli-").FullName;

    [Fact]
    public async Task TheReplayVerbPrintsTheFunnelAndWritesItInTheReport()
    {
        var file = Path.Combine(_folder, "r.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliCommands.RunAsync(["replay", "--instruments", "3", "--bars", "400", "--out", file], output, error);

        code.ShouldBe(0, error.ToString());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        var funnel = json.RootElement.GetProperty("funnel");
        var scanned = funnel.GetProperty("instrumentBarsScanned").GetInt64();
        scanned.ShouldBeGreaterThan(0);
        funnel.GetProperty("failedByFilter").GetProperty("data_health").GetInt64().ShouldBeGreaterThanOrEqualTo(0);
        var text = output.ToString();
        text.ShouldContain("Funnel: " + scanned.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " instrument-bars scanned");
        text.ShouldContain("Failed filters (instrument-bars; one may fail several): ");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
