using System.Net;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BreakoutBot.Tests.Web.Keys;

public sealed class OkxKeysRouteTests(KeysPortal portal) : IClassFixture<KeysPortal>
{
    private const string Page = "/account/okx-keys";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, string Html, Uri? Location)> GetAsync(string path, string? user, params string[] roles)
    {
        using var client = portal.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is not null)
        {
            client.AsTestUser(user, roles);
        }
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Headers.Location);
    }

    [Fact]
    public async Task AnonymousVisitorsAreSentToTheLogInPage()
    {
        var (status, _, location) = await GetAsync(Page, null);

        status.ShouldBe(HttpStatusCode.Redirect);
        location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task AViewerIsDeniedThePageAndHasNoMenuEntry()
    {
        (await GetAsync(Page, "victor", Roles.Viewer)).Status.ShouldBe(HttpStatusCode.Forbidden);

        var (status, home, _) = await GetAsync("/", "victor", Roles.Viewer);
        status.ShouldBe(HttpStatusCode.OK);
        home.ShouldNotContain("account/okx-keys");
    }

    [Theory]
    [InlineData(Roles.Trader)]
    [InlineData(Roles.Admin)]
    public async Task TradersAndAdminsGetTheFormAndTheMenuEntry(string role)
    {
        var (status, html, _) = await GetAsync(Page, "user-" + role, role);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("save-okx-keys");
        html.ShouldContain("href=\"account/okx-keys\"");
    }

    [Fact]
    public async Task ThePageListsOnlyTheSignedInUsersKeySetsAndNoSecret()
    {
        await portal.SaveAsync("tina", "Tina demo", "tina0000-1111-2222-3333-4444aaaa", "TINASECRETVALUE123", "tina-pass-phrase");
        await portal.SaveAsync("bob", "Bob live", "bob00000-1111-2222-3333-4444bbbb", "BOBSECRETVALUE123", "bob-pass-phrase", isDemo: false);

        var (status, html, _) = await GetAsync(Page, "tina", Roles.Trader);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Tina demo");
        html.ShouldContain("****aaaa");
        html.ShouldNotContain("Bob live");
        html.ShouldNotContain("****bbbb");
        foreach (var secret in new[] { "tina0000-1111-2222-3333-4444aaaa", "TINASECRETVALUE123", "tina-pass-phrase" })
        {
            html.ShouldNotContain(secret);
        }
    }

    [Fact]
    public async Task AnAdminDoesNotSeeATradersKeySets()
    {
        await portal.SaveAsync("trudy", "Trudy main", "trudy000-1111-2222-3333-4444cccc", "TRUDYSECRET12345", "trudy-pass");

        var (_, html, _) = await GetAsync(Page, "the-admin", Roles.Admin);

        html.ShouldNotContain("Trudy main");
        html.ShouldContain("no-okx-keys");
    }
}
