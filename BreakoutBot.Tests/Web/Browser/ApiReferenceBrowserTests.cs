using System.Net;
using BreakoutBot.Tests.Web.Hosting;
using Microsoft.Playwright;
using static BreakoutBot.Tests.Web.Browser.BrowserPages;

namespace BreakoutBot.Tests.Web.Browser;

/// <summary>
/// The API reference page (Scalar, <c>/scalar</c>) in a real browser on a portal running in Production: a signed-in user
/// sees the API's operations, rendered by the page's scripts under a strict Content-Security-Policy (the inline start-up
/// script by nonce; no fonts from Scalar's CDN, which an offline or locked-down network cannot reach) with no console error;
/// an anonymous visitor gets neither the page nor the OpenAPI document. Skips when Chromium is absent.
/// </summary>
public sealed class ApiReferenceBrowserTests(ProductionPortal production) : IClassFixture<ProductionPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASignedInUserSeesTheApiOperationsRenderedWithoutConsoleErrors()
    {
        var chromium = RequireChromium();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var page = await NewPageAsync(browser, production.Portal);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" || message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add("page error: " + error);
            }
        };
        await LogInAsync(page, PortalProcess.AdminEmail, PortalProcess.AdminPassword);

        var response = await page.GotoAsync("scalar");

        response.ShouldNotBeNull().Status.ShouldBe((int)HttpStatusCode.OK);
        // The portal's strict policy; only the page's own inline start-up script runs, by this response's nonce.
        var csp = (await response.HeaderValueAsync("content-security-policy")).ShouldNotBeNull();
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("script-src 'self' 'nonce-");
        csp.ShouldContain("font-src 'self' data:");
        // Drawn by Scalar's script from /openapi/v1.json: the document's title and operations by their summaries.
        // The heading is the document's title (level 1), not another text that names it.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "BreakoutBot API", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("The cached status snapshot").First).ToBeAttachedAsync();
        await Assertions.Expect(page.GetByText("Engines the caller may see").First).ToBeAttachedAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        lock (errors)
        {
            errors.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task AnAnonymousVisitorGetsNeitherTheReferenceNorTheDocument()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = production.Portal.BaseAddress };

        foreach (var path in new[] { "scalar", "scalar/", "openapi/v1.json" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);

            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            response.Headers.Location.ShouldNotBeNull().ToString().ShouldContain("Account/Login", Case.Insensitive, path);
            (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain("BreakoutBot API", Case.Sensitive, path);
        }
    }
}
