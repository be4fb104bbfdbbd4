using Microsoft.Playwright;
using static BreakoutBot.Tests.Web.Browser.BrowserPages;

namespace BreakoutBot.Tests.Web.Browser;

/// <summary>
/// End-to-end in Debian's Chromium driven by Playwright, against the real portal process: the admin logs in and
/// creates a trader; the trader creates an engine on the bundled data, starts it in paper mode and sees the state
/// change live; presses emergency stop and sees EMERGENCY; enters an invalid preset value and sees the error; a viewer
/// sees no controls. Skips when Chromium is absent.
/// </summary>
public sealed class PortalBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AdminTraderAndViewerWorkThroughThePortalInARealBrowser()
    {
        var chromium = RequireChromium();
        // One retry from a fresh portal absorbs a loaded machine's timing; the first failure is kept in the test output.
        try
        {
            await RunScenarioAsync(chromium);
        }
        catch (InvalidOperationException first)
        {
            TestContext.Current.TestOutputHelper?.WriteLine("First attempt failed, retrying once from a fresh portal:\n" + first);
            await RunScenarioAsync(chromium);
        }
    }

    private static async Task RunScenarioAsync(string chromium)
    {
        await using var portal = await PortalProcess.StartAsync(Ct);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        try
        {
            // Admin logs in and creates a trader and a viewer.
            var admin = await NewPageAsync(browser, portal);
            await LogInAsync(admin, PortalProcess.AdminEmail, PortalProcess.AdminPassword);
            await GotoInteractiveAsync(admin, "admin/users");
            await CreateUserAsync(admin, "trader@browser.test", "Tr4derPassw0rd", role: null);
            await CreateUserAsync(admin, "viewer@browser.test", "V1ewerPassw0rd", role: "Viewer");

            // The trader creates an engine on the bundled data and starts it in paper mode.
            var trader = await NewPageAsync(browser, portal);
            await LogInAsync(trader, "trader@browser.test", "Tr4derPassw0rd");
            await GotoInteractiveAsync(trader, "engines");
            await trader.Locator("#new-engine-name").FillAsync("Browser engine");
            await trader.Locator("#create-engine").ClickAsync();
            var link = trader.Locator("#engines-table a", new() { HasText = "Browser engine" });
            await link.WaitForAsync(new() { Timeout = 45_000 });
            await Assertions.Expect(trader).ToHaveTitleAsync("Engines · BreakoutBot");
            await link.ClickAsync();
            await WaitForCircuitAsync(trader);
            var state = trader.Locator("#engine-state");
            await Assertions.Expect(state).ToHaveTextAsync("IDLE", new() { Timeout = 45_000 });
            // Navigated over the circuit (no page load): the tab's title and the top bar follow the page.
            await Assertions.Expect(trader).ToHaveTitleAsync("Browser engine · BreakoutBot");
            await Assertions.Expect(trader.Locator("#top-bar-mode")).ToContainTextAsync("Browser engine: Paper trading");
            await trader.Locator("[data-command=\"Start\"]").ClickAsync();
            // Live: the state leaves IDLE without a reload.
            await Assertions.Expect(state).Not.ToHaveTextAsync("IDLE", new() { Timeout = 45_000 });
            // The market chart shows what the engine sees: candles of the best-ranked instrument, drawn by the chart library.
            await Assertions.Expect(trader.Locator("[data-chart=market] canvas").First).ToBeVisibleAsync(new() { Timeout = 45_000 });
            await Assertions.Expect(trader.Locator("[data-chart=market]")).Not.ToHaveAttributeAsync("data-bars", "0");

            // Emergency stop asks for confirmation, then the dashboard shows EMERGENCY.
            await trader.Locator("[data-command=\"EmergencyStop\"]").ClickAsync();
            var dialog = trader.Locator(".mud-dialog");
            await dialog.WaitForAsync(new() { Timeout = 10_000 });
            await dialog.Locator("button").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Emergency", System.Text.RegularExpressions.RegexOptions.IgnoreCase) }).Last.ClickAsync();
            await Assertions.Expect(state).ToHaveTextAsync("EMERGENCY", new() { Timeout = 45_000 });
            var engineUrl = trader.Url;

            // An invalid preset value is refused with a message saying what is wrong, and cannot be saved (in the clone
            // form: a Trader may not edit the built-in presets, only copy them).
            // Back to the list over the circuit: the top bar summarises the user's engines again.
            await trader.Locator("nav a[href='engines']").ClickAsync();
            await Assertions.Expect(trader).ToHaveTitleAsync("Engines · BreakoutBot");
            await Assertions.Expect(trader.Locator("#portal-modes")).ToContainTextAsync("1 engine:");
            await Assertions.Expect(trader.Locator("#top-bar-mode")).ToHaveCountAsync(0);

            await GotoInteractiveAsync(trader, "presets/breakout_v1/clone");
            var risk = trader.Locator("[data-field='risk.risk_per_trade']");
            await risk.Locator("input").FillAsync("1.5");
            await risk.Locator("input").PressAsync("Tab");
            await Assertions.Expect(risk).ToContainTextAsync("must be in (0, 1]", new() { Timeout = 20_000 });
            await Assertions.Expect(trader.Locator("#save-preset")).ToBeDisabledAsync();
            await Assertions.Expect(trader.Locator("#invalid-note")).ToBeVisibleAsync();

            // A viewer sees the engine but no controls.
            var viewer = await NewPageAsync(browser, portal);
            await LogInAsync(viewer, "viewer@browser.test", "V1ewerPassw0rd");
            await GotoInteractiveAsync(viewer, engineUrl);
            await Assertions.Expect(viewer.Locator("#engine-state")).ToHaveTextAsync("EMERGENCY", new() { Timeout = 45_000 });
            (await viewer.Locator("[data-command]").CountAsync()).ShouldBe(0);
            await Assertions.Expect(viewer.Locator("#read-only")).ToBeVisibleAsync();

            // The viewer changes their password in another browser: that page says it is done, and the open dashboard's
            // circuit is signed out at once (it shows the log-in page instead of the engine), well before the circuit's
            // periodic check (15 s) would.
            var elsewhere = await NewPageAsync(browser, portal);
            await LogInAsync(elsewhere, "viewer@browser.test", "V1ewerPassw0rd");
            await elsewhere.GotoAsync("Account/ChangePassword");
            await elsewhere.Locator("#current-password").FillAsync("V1ewerPassw0rd");
            await elsewhere.Locator("#new-password").FillAsync("N3wViewerPassw0rd");
            await elsewhere.Locator("#confirm-password").FillAsync("N3wViewerPassw0rd");
            await elsewhere.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(elsewhere.Locator("#change-password-done")).ToContainTextAsync("Your password was changed.");
            await viewer.WaitForURLAsync(url => url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase), new() { Timeout = 10_000 });
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException or ShouldAssertException)
        {
            throw new InvalidOperationException(ex.Message + "\n--- portal output ---\n" + Tail(portal.Output), ex);
        }
    }

    private static async Task CreateUserAsync(IPage page, string email, string password, string? role)
    {
        await page.Locator("#new-user-email").FillAsync(email);
        await page.Locator("#new-user-password").FillAsync(password);
        if (role is not null)
        {
            // MudSelect: open the list, pick the role, and make sure the component took it before creating the user.
            for (var attempt = 1; ; attempt++)
            {
                await page.Locator(".mud-input-control.mud-select:has(#new-user-role)").ClickAsync();
                var option = page.Locator(".mud-popover-open .mud-list-item", new() { HasText = role }).First;
                await option.WaitForAsync(new() { Timeout = 10_000 });
                await option.ClickAsync();
                try
                {
                    await Assertions.Expect(page.Locator("#new-user-role")).ToHaveValueAsync(role, new() { Timeout = 5_000 });
                    break;
                }
                catch (PlaywrightException) when (attempt < 3)
                {
                    await page.Keyboard.PressAsync("Escape");
                }
            }
        }
        await page.Locator("#create-user").ClickAsync();
        await Assertions.Expect(page.Locator("#users-table")).ToContainTextAsync(email, new() { Timeout = 45_000 });
    }

}
