using System.Net;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Api;

/// <summary><c>token create</c> prints a working token once for an existing user, and names what is wrong otherwise.</summary>
public sealed class TokenCliTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Dictionary<string, string?> Database()
    {
        using var db = portal.Factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContext();
        // The test database has its schema already (created from the model, not by migrations).
        return new() { ["ConnectionStrings:BreakoutBot"] = db.Database.GetConnectionString(), ["Database:MigrateOnStartup"] = "false" };
    }

    [Fact]
    public async Task TokenCreatePrintsATokenThatWorksWithItsScope()
    {
        CliCommands.IsCommand(["token", "create"]).ShouldBeTrue();
        using var output = new StringWriter();

        var code = await TokenCommand.RunAsync(["create", "--user", ApiPortal.OwnerEmail, "--name", "headless", "--scope", "read", "--days", "5"], output, Database());

        code.ShouldBe(0);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].ShouldContain("scope read");
        var token = lines[^1];
        token.ShouldStartWith("bbt_");
        var client = portal.Factory.ApiClient(token);
        using var read = await client.GetAsync("/api/v1/engines", Ct);
        using var write = await client.PostAsync($"/api/v1/engines/{portal.Engine}/commands/start", null, Ct);
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        write.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(new[] { "create", "--name", "x" }, "--user")]
    [InlineData(new[] { "create", "--user", "nobody@test.local", "--name", "x" }, "nobody@test.local")]
    [InlineData(new[] { "create", "--user", ApiPortal.OwnerEmail, "--name", "x", "--scope", "admin" }, "--scope")]
    [InlineData(new[] { "create", "--user", ApiPortal.OwnerEmail, "--name", "x", "--days", "400" }, "--days")]
    [InlineData(new[] { "list" }, "token create")]
    public async Task TokenCreateRefusesBadInputNamingIt(string[] args, string named)
    {
        using var output = new StringWriter();

        var error = await Should.ThrowAsync<CliException>(() => TokenCommand.RunAsync(args, output, Database()));

        error.Message.ShouldContain(named);
        output.ToString().ShouldNotContain("bbt_");
    }

    [Fact]
    public async Task TheVerbReportsItsErrorsAsTheOtherVerbsDo()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        (await CliCommands.RunAsync(["token", "create", "--name", "x"], output, error)).ShouldBe(2);

        error.ToString().ShouldStartWith("error: --user");
    }
}
