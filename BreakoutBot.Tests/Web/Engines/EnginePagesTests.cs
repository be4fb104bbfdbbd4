using System.Net;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Hosting;
using BreakoutBot.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Engines;

public sealed class EnginePagesTests : IClassFixture<PortalFixture>
{
    private readonly WebApplicationFactory<BreakoutBot.Web.Program> _factory;

    public EnginePagesTests(PortalFixture portal)
    {
        _factory = portal.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s
            .AddAuthentication(o =>
            {
                o.DefaultScheme = HeaderAuthHandler.SchemeName;
                o.DefaultChallengeScheme = HeaderAuthHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthHandler>(HeaderAuthHandler.SchemeName, null)));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, string Html)> GetAsync(string path, string? user)
    {
        await _factory.Services.GetRequiredService<DemoEngineHost>().WhenReadyAsync().WaitAsync(TimeSpan.FromSeconds(20), Ct);
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(HeaderAuthHandler.Header, user);
        }
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("/engines")]
    [InlineData("/engines/default")]
    public async Task AnonymousUsersAreChallenged(string path)
    {
        (await GetAsync(path, null)).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnAdminSeesTheDefaultEngineInTheListWithTheCreateForm()
    {
        var (status, html) = await GetAsync("/engines", "root;" + Roles.Admin);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Default engine");
        html.ShouldContain("create-engine");
    }

    [Fact]
    public async Task AnAdminGetsTheDashboardWithCommands()
    {
        var (status, html) = await GetAsync("/engines/default", "root;" + Roles.Admin);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("engine-state");
        html.ShouldContain("data-command=\"EmergencyStop\"");
    }

    [Fact]
    public async Task AViewerGetsTheDashboardWithoutCommands()
    {
        var (status, html) = await GetAsync("/engines/default", "watcher;" + Roles.Viewer);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("engine-state");
        html.ShouldNotContain("data-command=");
        html.ShouldContain("read-only");
    }

    [Fact]
    public async Task ATraderCannotOpenAnEngineTheyDoNotOwn()
    {
        var (status, html) = await GetAsync("/engines/default", "bob;" + Roles.Trader);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("engine-missing");
        html.ShouldNotContain("data-command=");
    }

    [Fact]
    public async Task TheHomePageShowsAnEngineAfterLogIn()
    {
        (await GetAsync("/", null)).Html.ShouldContain("login-prompt");
        (await GetAsync("/", "root;" + Roles.Admin)).Html.ShouldContain("engine-link");
    }
}
