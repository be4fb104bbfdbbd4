using System.Text.Json;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Web.Cli;

namespace BreakoutBot.Tests.Web;

public sealed class CliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "breakoutbot-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task ReplayWritesAJsonReportWithASummary()
    {
        var file = Path.Combine(_folder, "nested", "report.json");
        var output = new StringWriter();

        var code = await ReplayCommand.RunAsync(
            new CliArguments(["--seed", "7", "--instruments", "3", "--bars", "600", "--out", file]), output);

        code.ShouldBe(0);
        File.Exists(file).ShouldBeTrue();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        var root = json.RootElement;
        root.GetProperty("preset").GetString().ShouldBe("breakout_v1");
        root.GetProperty("instruments").GetArrayLength().ShouldBe(3);
        root.GetProperty("bars").GetInt32().ShouldBe(600);
        var summary = root.GetProperty("summary");
        summary.GetProperty("startingBalance").GetDecimal().ShouldBe(10_000m);
        summary.GetProperty("candleSteps").GetInt64().ShouldBe(1800);
        summary.GetProperty("trades").GetInt32().ShouldBe(root.GetProperty("trades").GetArrayLength());
        output.ToString().ShouldContain("Report written to " + file);
        output.ToString().ShouldContain("Trades ");
    }

    [Fact]
    public async Task ReplayThroughTheVerbUsesTheGivenBalanceAndPreset()
    {
        var file = Path.Combine(_folder, "r.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliCommands.RunAsync(
            ["replay", "--preset", "breakout_v1_relaxed", "--instruments", "2", "--bars", "300", "--balance", "2500", "--no-reset", "--out", file], output, error);

        code.ShouldBe(0, error.ToString());
        error.ToString().ShouldBeEmpty();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        json.RootElement.GetProperty("preset").GetString().ShouldBe("breakout_v1_relaxed");
        json.RootElement.GetProperty("summary").GetProperty("startingBalance").GetDecimal().ShouldBe(2500m);
    }

    [Fact]
    public async Task UnknownOptionExitsWithTwoAndNamesIt()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliCommands.RunAsync(["replay", "--preest", "breakout_v1", "--bars", "100"], output, error);

        code.ShouldBe(2);
        error.ToString().ShouldContain("--preest");
        output.ToString().ShouldNotContain("Replaying");
    }

    [Fact]
    public async Task UnknownPresetListsTheKnownOnes()
    {
        var error = new StringWriter();

        var code = await CliCommands.RunAsync(["replay", "--preset", "nope", "--bars", "100"], new StringWriter(), error);

        code.ShouldBe(2);
        var message = error.ToString();
        message.ShouldContain("'nope'");
        foreach (var name in PresetCatalog.Names)
        {
            message.ShouldContain(name);
        }
    }

    [Theory]
    [InlineData("--bars", "many")]
    [InlineData("--bars", "5")]
    [InlineData("--seed", "1.5")]
    [InlineData("--balance", "lots")]
    [InlineData("--instruments", "1")]
    public async Task BadNumberNamesTheOption(string option, string value)
    {
        var error = new StringWriter();

        var code = await CliCommands.RunAsync(["replay", option, value], new StringWriter(), error);

        code.ShouldBe(2);
        error.ToString().ShouldContain(option);
        error.ToString().ShouldContain($"'{value}'");
    }

    [Fact]
    public void OptionWithoutItsValueIsAnError()
    {
        var args = new CliArguments(["--preset", "--bars", "100"]);

        Should.Throw<CliException>(() => args.String("preset")).Message.ShouldContain("--preset needs a value");
    }

    [Fact]
    public void StrayArgumentIsRejected()
    {
        Should.Throw<CliException>(() => new CliArguments(["breakout_v1"])).Message.ShouldContain("'breakout_v1'");
    }

    [Fact]
    public void FlagWithAValueIsRejected()
    {
        var args = new CliArguments(["--no-reset", "yes"]);

        Should.Throw<CliException>(() => args.Flag("no-reset")).Message.ShouldContain("--no-reset");
    }

    [Fact]
    public async Task HelpPrintsTheUsage()
    {
        var output = new StringWriter();

        var code = await CliCommands.RunAsync(["help"], output, new StringWriter());

        code.ShouldBe(0);
        output.ToString().ShouldContain("replay [options]");
        CliCommands.IsCommand(["replay"]).ShouldBeTrue();
        CliCommands.IsCommand([]).ShouldBeFalse();
        CliCommands.IsCommand(["--urls", "http://localhost:5000"]).ShouldBeFalse();
    }

    [Fact]
    public async Task MissingDataFolderIsAnErrorNotACrash()
    {
        var error = new StringWriter();

        var code = await CliCommands.RunAsync(["replay", "--data", Path.Combine(_folder, "absent")], new StringWriter(), error);

        code.ShouldBe(2);
        error.ToString().ShouldContain("absent");
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("bench")]
    [InlineData("migrate")]
    [InlineData("token create")]
    [InlineData("user reset-two-factor")]
    public async Task HelpAfterAVerbPrintsTheUsageInsteadOfAnUnknownOption(string verb)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliCommands.RunAsync([.. verb.Split(' '), "--help"], output, error);

        code.ShouldBe(0, error.ToString());
        error.ToString().ShouldBeEmpty();
        output.ToString().ShouldContain("Usage:");
        output.ToString().ShouldContain(verb);
    }

    [Theory]
    [InlineData("migrte")]
    [InlineData("import")]
    [InlineData("Replay")]
    public async Task AMistypedVerbIsRefusedNamingItInsteadOfStartingThePortal(string verb)
    {
        var error = new StringWriter();

        CliCommands.IsCommand([verb]).ShouldBeTrue("a bare word is never a setting: the host would ignore it and start the portal");
        var code = await CliCommands.RunAsync([verb, "--user", "a@b.c"], new StringWriter(), error);

        code.ShouldBe(2);
        error.ToString().ShouldContain($"Unknown command '{verb}'");
    }

    [Theory]
    [InlineData("--urls", "http://127.0.0.1:5099")]
    [InlineData("urls=http://127.0.0.1:5099", null)]
    [InlineData("/urls", "http://127.0.0.1:5099")]
    public void SettingsOnTheCommandLineStillRunThePortal(string first, string? second)
    {
        CliCommands.IsCommand(second is null ? [first] : [first, second]).ShouldBeFalse();
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("bench")]
    public async Task AMissingDataFolderIsAnErrorNamingTheOption(string verb)
    {
        var error = new StringWriter();
        var absent = Path.Combine(_folder, "absent");

        var code = await CliCommands.RunAsync([verb, "--data", absent], new StringWriter(), error);

        code.ShouldBe(2);
        error.ToString().ShouldContain($"--data: folder '{absent}' does not exist.");
    }
}
