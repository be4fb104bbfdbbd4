using BreakoutBot.Web.Cli;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task MigrateVerbAppliesMigrationsWithoutStartingThePortal()
    {
        CliCommands.IsCommand(["migrate"]).ShouldBeTrue();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CliCommands.RunAsync(["migrate"], output, error);

        code.ShouldBe(0, error.ToString());
        output.ToString().ShouldMatch(@"(Applied \d+ migrations?: |Database is up to date)");
        using var again = new StringWriter();
        (await CliCommands.RunAsync(["migrate"], again, error)).ShouldBe(0);
        again.ToString().ShouldContain("Database is up to date.");
    }

    [Fact]
    public async Task MigrateVerbRejectsUnknownOptions()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CliCommands.RunAsync(["migrate", "--force"], output, error);

        code.ShouldBe(2);
        error.ToString().ShouldContain("--force");
    }
}
