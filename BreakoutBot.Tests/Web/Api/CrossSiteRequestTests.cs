using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.Web.Auth;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// The log-in cookie cannot be used by another site: an API write or a hub request that carries the cookie and no token
/// is refused when the browser says it comes from elsewhere (a sibling subdomain included), and nothing changes; the
/// portal's own pages, scripts without browser headers and token callers are unaffected.
/// </summary>
public sealed class CrossSiteRequestTests(AuthPortal portal) : IClassFixture<AuthPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> AdminCookieClientAsync()
    {
        var browser = portal.Client();
        using var login = await AuthPortal.LogInAsync(browser, AuthPortal.AdminEmail, AuthPortal.AdminPassword);
        browser.Dispose();
        return portal.CookielessClient(AuthPortal.AuthCookies(login));
    }

    private static HttpRequestMessage CreateEngine(string name, params (string Header, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/engines") { Content = JsonContent.Create(new { name, preset = "breakout_v1" }) };
        foreach (var (header, value) in headers)
        {
            request.Headers.Add(header, value);
        }
        return request;
    }

    private static async Task<IReadOnlyList<string>> EngineNamesAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/engines", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site", "forged-cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site", "forged-sibling")]
    [InlineData("Origin", "http://evil.example", "forged-origin")]
    [InlineData("Origin", "http://localhost.evil.example", "forged-lookalike")]
    [InlineData("Origin", "null", "forged-sandboxed")]
    public async Task AnApiWriteFromAnotherSiteWithTheLogInCookieIsRefusedAndChangesNothing(string header, string value, string name)
    {
        using var client = await AdminCookieClientAsync();

        using var request = CreateEngine(name, (header, value));
        using var response = await client.SendAsync(request, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        problem.RootElement.GetProperty("title").GetString().ShouldBe("Cross-site request refused");
        problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("Authorization: Bearer");
        (await EngineNamesAsync(client)).ShouldNotContain(name);
    }

    [Fact]
    public async Task TheSameWriteFromThePortalsOwnPageOrAScriptWithTheCookieIsAccepted()
    {
        using var client = await AdminCookieClientAsync();

        using var fromPage = CreateEngine("from-the-portal", ("Sec-Fetch-Site", "same-origin"), ("Origin", "http://localhost"));
        using var page = await client.SendAsync(fromPage, Ct);
        using var fromOldBrowser = CreateEngine("from-an-old-browser", ("Origin", "http://localhost"));
        using var oldBrowser = await client.SendAsync(fromOldBrowser, Ct);
        using var fromScript = CreateEngine("from-curl");
        using var script = await client.SendAsync(fromScript, Ct);

        page.StatusCode.ShouldBe(HttpStatusCode.Created, await page.Content.ReadAsStringAsync(Ct));
        oldBrowser.StatusCode.ShouldBe(HttpStatusCode.Created);
        script.StatusCode.ShouldBe(HttpStatusCode.Created);
        var names = await EngineNamesAsync(client);
        names.ShouldContain("from-the-portal");
        names.ShouldContain("from-an-old-browser");
        names.ShouldContain("from-curl");
    }

    [Fact]
    public async Task ATokenCallerIsNeverTakenForAForgedRequestAndReadsStayOpen()
    {
        portal.Start();
        var token = await portal.Factory.CreateTokenAsync(AuthPortal.AdminEmail, ApiTokenScope.Control);
        using var withToken = portal.Factory.ApiClient(token);
        using var cookie = await AdminCookieClientAsync();

        using var tokenRequest = CreateEngine("token-from-elsewhere", ("Sec-Fetch-Site", "cross-site"), ("Origin", "http://tool.example"));
        using var created = await withToken.SendAsync(tokenRequest, Ct);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/v1/engines") { Headers = { { "Sec-Fetch-Site", "cross-site" } } };
        using var readResponse = await cookie.SendAsync(read, Ct);

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        readResponse.StatusCode.ShouldBe(HttpStatusCode.OK, "a read changes nothing, and SameSite keeps other sites' pages from it");
    }

    [Theory]
    [InlineData("cross-site", HttpStatusCode.Forbidden)]
    [InlineData("same-site", HttpStatusCode.Forbidden)]
    [InlineData("same-origin", HttpStatusCode.OK)]
    public async Task TheLiveEventHubTakesTheCookieOnlyFromThePortalsOwnPages(string site, HttpStatusCode expected)
    {
        using var client = await AdminCookieClientAsync();

        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/engines/negotiate?negotiateVersion=1") { Headers = { { "Sec-Fetch-Site", site } } };
        using var response = await client.SendAsync(negotiate, Ct);

        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync(Ct));
    }
}
