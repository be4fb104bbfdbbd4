using BreakoutBot.Tests.Web.Browser;
using Microsoft.Playwright;
using static BreakoutBot.Tests.Web.Browser.BrowserPages;

namespace BreakoutBot.Tests.Web.Push;

/// <summary>
/// In Debian's Chromium against the real portal process: what one browser does reaches another browser's open pages by
/// push, with no page timer (<see cref="PagesFollowPushTests"/> checks the pages hold none). Browser A watches the engine
/// list while browser B creates an engine: it appears in A's list. A opens the engine's dashboard, B starts the engine
/// from its own dashboard: A's dashboard leaves IDLE without a reload. Skips when Chromium is absent.
/// </summary>
public sealed class DashboardPushBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOpenDashboardShowsAStateChangeMadeInAnotherBrowser()
    {
        var chromium = RequireChromium();
        await using var portal = await PortalProcess.StartAsync(Ct);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        try
        {
            var watcher = await NewPageAsync(browser, portal);
            await LogInAsync(watcher, PortalProcess.AdminEmail, PortalProcess.AdminPassword);
            await GotoInteractiveAsync(watcher, "engines");
            var actor = await NewPageAsync(browser, portal);
            await LogInAsync(actor, PortalProcess.AdminEmail, PortalProcess.AdminPassword);
            await GotoInteractiveAsync(actor, "engines");

            // B creates an engine; A's open list shows it without a reload.
            await actor.Locator("#new-engine-name").FillAsync("Pushed engine");
            await actor.Locator("#create-engine").ClickAsync();
            // Created (B's own list shows it), so a miss below is the push's, not the creation's.
            await actor.Locator("#engines-table a", new() { HasText = "Pushed engine" }).WaitForAsync(new() { Timeout = 45_000 });
            var link = watcher.Locator("#engines-table a", new() { HasText = "Pushed engine" });
            await link.WaitForAsync(new() { Timeout = 45_000 });

            // A opens its dashboard; B starts the engine from its own; A's dashboard follows.
            await link.ClickAsync();
            await WaitForCircuitAsync(watcher);
            var state = watcher.Locator("#engine-state");
            await Assertions.Expect(state).ToHaveTextAsync("IDLE", new() { Timeout = 45_000 });
            await GotoInteractiveAsync(actor, watcher.Url);
            await actor.Locator("[data-command=\"Start\"]").ClickAsync();

            await Assertions.Expect(state).Not.ToHaveTextAsync("IDLE", new() { Timeout = 45_000 });
            await Assertions.Expect(watcher.Locator("[data-command=\"Pause\"]")).ToBeVisibleAsync(new() { Timeout = 45_000 });
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException(ex.Message + "\n--- portal output ---\n" + Tail(portal.Output), ex);
        }
    }
}
