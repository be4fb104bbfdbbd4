using Microsoft.Playwright;

namespace BreakoutBot.Tests.Web.Browser;

/// <summary>Debian's Chromium driven by Playwright against a <see cref="PortalProcess"/>: launch, pages, log-in, waiting for the circuit.</summary>
public static class BrowserPages
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    /// <summary>The Chromium to use, or null (the test then skips): BREAKOUTBOT_CHROMIUM or Debian's.</summary>
    public static string? Chromium()
    {
        var path = Environment.GetEnvironmentVariable("BREAKOUTBOT_CHROMIUM") ?? ChromiumPath;
        return File.Exists(path) ? path : null;
    }

    /// <summary>The Chromium to use; skips the calling test, saying why, when there is none.</summary>
    public static string RequireChromium()
    {
        if (Chromium() is not { } chromium)
        {
            Assert.Skip($"Chromium is not installed at {ChromiumPath} (CI installs Debian's chromium; set BREAKOUTBOT_CHROMIUM to override).");
            throw new InvalidOperationException("unreachable: Assert.Skip throws");
        }
        return chromium;
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string chromium)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumFlags });
    }

    public static async Task<IPage> NewPageAsync(IBrowser browser, PortalProcess portal)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(portal);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(45_000);
        // Assertions wait as long as actions do: a busy 2-core CI machine draws pages slower than Playwright's default 5 s.
        Assertions.SetDefaultExpectTimeout(45_000);
        return page;
    }

    public static async Task LogInAsync(IPage page, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("Account/Login");
        await page.Locator("#login-email").FillAsync(email);
        await page.Locator("#login-password").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Navigates and waits until the Blazor circuit is up, so inputs reach the server-side component.</summary>
    public static async Task GotoInteractiveAsync(IPage page, string url)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(url);
        await WaitForCircuitAsync(page);
    }

    /// <summary>Waits until the layout is rendered over the circuit (data-interactive="true"), so event handlers are live.</summary>
    public static Task WaitForCircuitAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Locator(".mud-layout[data-interactive='true']").WaitForAsync();
    }

    public static string Tail(string text) => text is null ? "" : text.Length <= 4000 ? text : text[^4000..];
}
