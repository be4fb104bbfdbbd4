using System.Net;
using BreakoutBot.Tests.Web.Browser;
using Microsoft.Playwright;

namespace BreakoutBot.Tests.Web.Hosting;

/// <summary>The build output (not published) started as a separate process in the Production environment.</summary>
public sealed class ProductionPortal : IAsyncLifetime
{
    private PortalProcess? _portal;

    public PortalProcess Portal => _portal ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() =>
        _portal = await PortalProcess.StartAsync(TestContext.Current.CancellationToken, environment: "Production");

    public async ValueTask DisposeAsync()
    {
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }
    }
}

public sealed class ProductionRunTests(ProductionPortal production) : IClassFixture<ProductionPortal>
{

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("_framework/blazor.web.js", "text/javascript")]
    [InlineData("_content/MudBlazor/MudBlazor.min.js", "text/javascript")]
    [InlineData("_content/MudBlazor/MudBlazor.min.css", "text/css")]
    public async Task AnUnpublishedBuildInProductionServesTheUiFiles(string path, string mediaType)
    {
        using var http = new HttpClient { BaseAddress = production.Portal.BaseAddress };

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, production.Portal.Output);
        response.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe(mediaType);
        (await response.Content.ReadAsByteArrayAsync(Ct)).Length.ShouldBeGreaterThan(1000);
    }

    [Fact]
    public async Task AnInteractivePageRunsUnderTheContentSecurityPolicyWithoutViolations()
    {
        var chromium = BrowserPages.RequireChromium();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserPages.LaunchAsync(playwright, chromium);
        var page = await BrowserPages.NewPageAsync(browser, production.Portal);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };
        var circuit = page.WaitForWebSocketAsync(new() { Predicate = ws => ws.Url.Contains("/_blazor", StringComparison.Ordinal) });

        await page.GotoAsync("Account/Login");
        await page.Locator("#login-email").FillAsync(PortalProcess.AdminEmail);
        await page.Locator("#login-password").FillAsync(PortalProcess.AdminPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
        await page.GotoAsync("admin/users");
        await circuit;
        // The users table is filled by the interactive component over the circuit.
        await Assertions.Expect(page.Locator("#users-table")).ToContainTextAsync(PortalProcess.AdminEmail);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        lock (violations)
        {
            violations.ShouldBeEmpty();
        }
    }
}
