using System.Net;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Hosting;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using BreakoutBot.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Engines;

public sealed class EnginePagesTests : IClassFixture<PortalFixture>
{
    private readonly BreakoutBotWebFactory _factory;

    public EnginePagesTests(PortalFixture portal)
    {
        _factory = portal.Factory;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>GETs a page as an anonymous visitor (user null) or as "name;Role" through the test authentication.</summary>
    private async Task<(HttpStatusCode Status, string Html, Uri? Location)> GetAsync(string path, string? user)
    {
        await _factory.Services.GetRequiredService<DemoEngineHost>().WhenReadyAsync().WaitAsync(TimeSpan.FromSeconds(20), Ct);
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is not null)
        {
            var parts = user.Split(';');
            client.AsTestUser(parts[0], parts.Skip(1).ToArray());
        }
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Headers.Location);
    }

    [Theory]
    [InlineData("/engines")]
    [InlineData("/engines/default")]
    public async Task AnonymousUsersAreSentToTheLogInPage(string path)
    {
        var (status, _, location) = await GetAsync(path, null);

        status.ShouldBe(HttpStatusCode.Redirect);
        location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task AnAdminSeesTheDefaultEngineInTheListWithTheCreateForm()
    {
        var (status, html, _) = await GetAsync("/engines", "root;" + Roles.Admin);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Default engine");
        html.ShouldContain("create-engine");
    }

    [Fact]
    public async Task AnAdminGetsTheDashboardWithCommands()
    {
        var (status, html, _) = await GetAsync("/engines/default", "root;" + Roles.Admin);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("engine-state");
        // Which commands depends on where the demo replay's trading has taken the engine (EMERGENCY after a kill
        // switch offers Reset, not EmergencyStop); an admin gets the commands of that state.
        html.ShouldContain("data-command=");
    }

    [Fact]
    public async Task AViewerGetsTheDashboardWithoutCommands()
    {
        var (status, html, _) = await GetAsync("/engines/default", "watcher;" + Roles.Viewer);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("engine-state");
        html.ShouldNotContain("data-command=");
        html.ShouldContain("read-only");
    }

    [Fact]
    public async Task ATraderCannotOpenAnEngineTheyDoNotOwn()
    {
        var (status, html, _) = await GetAsync("/engines/default", "bob;" + Roles.Trader);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("engine-missing");
        html.ShouldNotContain("data-command=");
    }

    [Fact]
    public async Task TheHomePageShowsAnEngineAfterLogIn()
    {
        (await GetAsync("/", null)).Status.ShouldBe(HttpStatusCode.Redirect);
        (await GetAsync("/", "root;" + Roles.Admin)).Html.ShouldContain("engine-link");
    }

    [Fact]
    public async Task ATraderWithoutAnEngineIsNotShownTheDefaultEngineOnTheHomePage()
    {
        // The default engine belongs to the system: a Trader may not open its dashboard (above), nor read it on the home page.
        var (status, html, _) = await GetAsync("/", "carol;" + Roles.Trader);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldNotContain("engine-link");
        html.ShouldNotContain("Default engine");
        html.ShouldNotContain("positions-table");
        html.ShouldContain("no-engine");
    }

    [Fact]
    public async Task TheTopBarDescribesTheEngineOnItsPageAndTheModesElsewhere()
    {
        var (_, dashboard, _) = await GetAsync("/engines/default", "root;" + Roles.Admin);
        var (_, list, _) = await GetAsync("/engines", "root;" + Roles.Admin);

        dashboard.ShouldContain("id=\"top-bar-mode\"");
        dashboard.ShouldContain("Default engine: Paper trading on bundled market data (replay)");
        dashboard.ShouldNotContain("id=\"portal-modes\"", Case.Sensitive, "the engine page replaces the portal summary");
        list.ShouldContain("id=\"portal-modes\"");
        list.ShouldNotContain("paper trading on bundled market data");
    }

    [Fact]
    public async Task OwnersAreShownByNameNotById()
    {
        await _factory.Services.GetRequiredService<DemoEngineHost>().WhenReadyAsync().WaitAsync(TimeSpan.FromSeconds(20), Ct);
        string adminId;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            adminId = (await users.FindByEmailAsync("admin@test.local")).ShouldNotBeNull().Id;
        }
        var registry = _factory.Services.GetRequiredService<EngineRegistry>();
        var engine = registry.Create(adminId, "Admin's engine", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });
        try
        {
            var (_, list, _) = await GetAsync("/engines", "root;" + Roles.Admin);
            var (_, dashboard, _) = await GetAsync("/engines/" + engine.Id, "root;" + Roles.Admin);

            list.ShouldContain("admin@test.local");
            list.ShouldContain(UserDirectory.SystemOwnerName, Case.Sensitive, "the default engine has no owner");
            dashboard.ShouldContain("admin@test.local");
            dashboard.ShouldNotContain(">" + adminId + "<");
        }
        finally
        {
            registry.Remove(engine.Id);
        }
    }

    [Fact]
    public async Task ANewPaperEngineShowsItsStartingBalanceAndItsPresetsSlotsBeforeItIsStarted()
    {
        await _factory.Services.GetRequiredService<DemoEngineHost>().WhenReadyAsync().WaitAsync(TimeSpan.FromSeconds(20), Ct);
        var registry = _factory.Services.GetRequiredService<EngineRegistry>();
        var engine = registry.Create("newcomer", "Not started yet", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300, StartingBalance = 12_500m });
        try
        {
            engine.NeverStarted.ShouldBeTrue();

            var (_, list, _) = await GetAsync("/engines", "newcomer;" + Roles.Trader);
            var (_, dashboard, _) = await GetAsync("/engines/" + engine.Id, "newcomer;" + Roles.Trader);

            list.ShouldContain($"<td data-equity=\"{engine.Id}\">12,500.00 (starting balance)</td>");
            list.ShouldContain($"<td data-slots=\"{engine.Id}\">0 / 3</td>", Case.Sensitive, "breakout_v1 allows 3 positions");
            dashboard.ShouldContain("12,500.00 USDT (starting balance)");
            dashboard.ShouldContain("of 3 slots, 3 free");
            dashboard.ShouldContain("Account equity since 00:00 UTC: — (not started yet)");
            dashboard.ShouldNotContain("(from 0.00)", Case.Sensitive, "the paper account holds its starting balance, not 0");
        }
        finally
        {
            registry.Remove(engine.Id);
        }
    }
}
