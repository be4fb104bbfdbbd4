using BreakoutBot.Tests.Web.Browser;

namespace BreakoutBot.Tests.Web.Hosting;

/// <summary>
/// The portal started (as a deployment starts it) with a configuration it refuses: it ends at once with exit code 1 and
/// one line that names the setting, not with an unhandled exception (exit code 134, a stack trace last).
/// </summary>
public sealed class StartupRefusalTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AWeakConfiguredAdminPasswordEndsTheStartWithExitCode1AndOneLineSayingWhy()
    {
        var (exitCode, output) = await PortalProcess.RunUntilExitAsync(
            new Dictionary<string, string> { ["Admin__Password"] = "weakpass" }, Deadline, TestContext.Current.CancellationToken);

        exitCode.ShouldBe(1, output);
        Refusal(output).ShouldStartWith("BreakoutBot did not start: Configuration Admin:Password (environment Admin__Password) does not meet the password policy:", Case.Sensitive, output);
        output.ShouldNotContain("weakpass", Case.Sensitive, "the password itself is never printed");
        output.ShouldNotContain("default paper engine could not be created", Case.Insensitive, "the default engine stopped with the portal; it did not fail");
    }

    [Fact]
    public async Task AnOptionOutOfRangeEndsTheStartWithExitCode1NamingIt()
    {
        var (exitCode, output) = await PortalProcess.RunUntilExitAsync(
            new Dictionary<string, string> { ["Jobs__RetentionDays"] = "0" }, Deadline, TestContext.Current.CancellationToken);

        exitCode.ShouldBe(1, output);
        Refusal(output).ShouldContain("RetentionDays", Case.Sensitive, output);
    }

    [Theory]
    [InlineData("WebSecurity__KnownProxies__0", "notanip", "WebSecurity:KnownProxies:0 'notanip' is not an IP address")]
    [InlineData("Database__Provider", "Postgres", "ConnectionStrings:BreakoutBot is empty")]
    public async Task AnOptionReadWhileThePipelineIsSetUpEndsTheStartWithExitCode1NamingIt(string setting, string value, string reason)
    {
        // These are read by Build() or the middleware set-up, before the host runs: they once ended in an unhandled exception (exit 134).
        var (exitCode, output) = await PortalProcess.RunUntilExitAsync(
            new Dictionary<string, string> { [setting] = value }, Deadline, TestContext.Current.CancellationToken);

        exitCode.ShouldBe(1, output);
        Refusal(output).ShouldContain(reason, Case.Sensitive, output);
        output.ShouldNotContain("Unhandled exception", Case.Sensitive, output);
    }

    [Fact]
    public async Task ADataFolderThatCannotBeCreatedEndsTheStartWithExitCode1NamingTheSetting()
    {
        // A file where the folder should be: it ended in an unhandled IOException naming neither the folder's setting nor the folder.
        var file = Path.GetTempFileName();
        try
        {
            var folder = Path.Combine(file, "data");
            var (exitCode, output) = await PortalProcess.RunUntilExitAsync(
                new Dictionary<string, string> { ["Database__DataFolder"] = folder }, Deadline, TestContext.Current.CancellationToken);

            exitCode.ShouldBe(1, output);
            Refusal(output).ShouldStartWith("BreakoutBot did not start: Database:DataFolder", Case.Sensitive, output);
            Refusal(output).ShouldContain($"'{folder}", Case.Sensitive, output);
            output.ShouldNotContain("Unhandled exception", Case.Sensitive, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ADatabaseThatDoesNotAnswerEndsTheStartWithExitCode1NamingTheSettings()
    {
        // Port 1 on loopback: nothing listens, so the connection is refused at once. It ended in an unhandled NpgsqlException (exit 134).
        var (exitCode, output) = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__BreakoutBot"] = "Host=127.0.0.1;Port=1;Database=breakoutbot;Username=portal;Password=NotPrinted-4711",
        }, Deadline, TestContext.Current.CancellationToken);

        exitCode.ShouldBe(1, output);
        Refusal(output).ShouldStartWith("BreakoutBot did not start: the database did not answer (Failed to connect to 127.0.0.1:1)", Case.Sensitive, output);
        Refusal(output).ShouldContain("ConnectionStrings:BreakoutBot", Case.Sensitive, output);
        output.ShouldNotContain("NotPrinted-4711", Case.Sensitive, "the password is never printed");
        output.ShouldNotContain("Unhandled exception", Case.Sensitive, output);
    }

    /// <summary>The one line that says why (the error output and the log arrive through two pipes, in no set order).</summary>
    private static string Refusal(string output) =>
        output.Split('\n', StringSplitOptions.TrimEntries).SingleOrDefault(l => l.StartsWith("BreakoutBot did not start: ", StringComparison.Ordinal)) ?? "";
}
