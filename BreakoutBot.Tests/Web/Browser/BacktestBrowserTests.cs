using Microsoft.Playwright;
using static BreakoutBot.Tests.Web.Browser.BrowserPages;

namespace BreakoutBot.Tests.Web.Browser;

/// <summary>
/// A backtest through the portal in a real browser: the admin queues one on the bundled generated market, watches it
/// finish, opens the result with its equity chart and the chart of a trade, and the charts load under the portal's
/// Content-Security-Policy (no console errors). Skips when Chromium is absent.
/// </summary>
public sealed class BacktestBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATraderRunsABacktestAndSeesItsChartsAndATradeOnTheCandles()
    {
        if (Chromium() is not { } chromium)
        {
            Assert.Skip($"Chromium is not installed at {ChromiumPath} (CI installs Debian's chromium; set BREAKOUTBOT_CHROMIUM to override).");
            return;
        }
        await using var portal = await PortalProcess.StartAsync(Ct);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var consoleErrors = new List<string>();
        try
        {
            var page = await NewPageAsync(browser, portal);
            page.Console += (_, m) =>
            {
                if (m.Type == "error")
                {
                    consoleErrors.Add(m.Text);
                }
            };
            page.Response += (_, r) =>
            {
                if (r.Status >= 400)
                {
                    consoleErrors.Add($"{r.Status} {r.Url}");
                }
            };
            await LogInAsync(page, PortalProcess.AdminEmail, PortalProcess.AdminPassword);
            await GotoInteractiveAsync(page, "backtests");
            await page.Locator("#bt-instruments").FillAsync("4");
            await page.Locator("#bt-bars").FillAsync("3000");
            await page.Locator("#bt-bars").PressAsync("Tab");
            await page.Locator("#bt-start").ClickAsync();

            var row = page.Locator("#backtests-table tbody tr").First;
            await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 90_000 });
            await row.Locator("a").First.ClickAsync();
            await WaitForCircuitAsync(page);

            await Assertions.Expect(page.Locator("#backtest-title")).ToContainTextAsync("breakout_v1 v1");
            await Assertions.Expect(page.Locator("#backtest-parameters")).ToContainTextAsync("4 instruments, 3,000 bars");
            await Assertions.Expect(page.Locator("[data-chart=equity] canvas").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-chart=drawdown] canvas").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#monthly-returns tbody tr").First).ToBeVisibleAsync();

            await page.Locator("#trades-table tbody tr").First.ClickAsync();
            await Assertions.Expect(page.Locator("[data-chart=trade] canvas").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#trade-chart-title")).ToContainTextAsync(" R");

            consoleErrors.ShouldBeEmpty();
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException or ShouldAssertException)
        {
            throw new InvalidOperationException(ex.Message + "\nconsole errors: " + string.Join(" | ", consoleErrors) + "\n--- portal output ---\n" + Tail(portal.Output), ex);
        }
    }
}
