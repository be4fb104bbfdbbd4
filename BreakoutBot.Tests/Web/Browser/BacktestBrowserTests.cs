using System.Globalization;
using System.Text;
using BreakoutBot.Infrastructure.MarketData;
using Microsoft.Playwright;
using static BreakoutBot.Tests.Web.Browser.BrowserPages;

namespace BreakoutBot.Tests.Web.Browser;

/// <summary>
/// Backtesting through the portal in a real browser, as a user would: a bad CSV upload is refused line by line and a
/// good one becomes a data set; a backtest of breakout_v1 on it shows progress, its result with charts, and a trade on
/// its candles; the preset is edited and the backtest rerun; both runs are compared; a sweep runs. The charts load under
/// the portal's Content-Security-Policy (no console error). Skips when Chromium is absent.
/// </summary>
public sealed class BacktestBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AUserUploadsDataBacktestsEditsThePresetComparesAndSweepsInARealBrowser()
    {
        var chromium = RequireChromium();
        var files = Path.Combine(Path.GetTempPath(), "bb-upload-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(files);
        await using var portal = await PortalProcess.StartAsync(Ct);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var errors = new List<string>();
        try
        {
            var page = await NewPageAsync(browser, portal);
            page.Console += (_, m) =>
            {
                if (m.Type == "error")
                {
                    errors.Add(m.Text);
                }
            };
            await LogInAsync(page, PortalProcess.AdminEmail, PortalProcess.AdminPassword);

            // A bad upload lists its bad lines and stores nothing; a good one becomes a data set.
            var bad = Path.Combine(files, "ETH-USDT-SWAP.csv");
            await File.WriteAllTextAsync(bad, "timestamp,open,high,low,close,volume\n1700000000000,1,2,0.5,1.5,10\n1700000300000,1,x,0.5,1.5,10\n1700000600000,1,2\n", Ct);
            await GotoInteractiveAsync(page, "data");
            await page.Locator("#upload-name").FillAsync("browser coins");
            await ChooseFilesAsync(page, bad);
            await page.Locator("#upload-start").ClickAsync();
            await Assertions.Expect(page.Locator("#upload-problems [data-problem]")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("#upload-problems")).ToContainTextAsync("ETH-USDT-SWAP.csv line 3");
            await Assertions.Expect(page.Locator("#no-data-sets")).ToBeVisibleAsync();

            var good = await WriteMarketAsync(files);
            await ChooseFilesAsync(page, good);
            await page.Locator("#upload-start").ClickAsync();
            var set = page.Locator("tr[data-data-set='browser coins']");
            await Assertions.Expect(set).ToHaveAttributeAsync("data-status", "Ready");

            // A backtest on the data set: progress, then the result with its charts and a trade on its candles.
            await set.Locator("[data-backtest-on]").ClickAsync();
            await WaitForCircuitAsync(page);
            await page.Locator("#bt-start").ClickAsync();
            var first = page.Locator("#backtests-table tbody tr").First;
            await Assertions.Expect(first).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 90_000 });
            var firstId = await first.GetAttributeAsync("data-backtest");
            await first.Locator("a").First.ClickAsync();
            await WaitForCircuitAsync(page);
            await Assertions.Expect(page.Locator("#backtest-title")).ToContainTextAsync("breakout_v1 v1");
            await Assertions.Expect(page.Locator("#backtest-parameters")).ToContainTextAsync("data set 'browser coins'");
            await Assertions.Expect(page.Locator("[data-chart=equity] canvas").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-chart=drawdown] canvas").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#monthly-returns tbody tr").First).ToBeVisibleAsync();
            await page.Locator("#trades-table tbody tr").First.ClickAsync();
            await Assertions.Expect(page.Locator("[data-chart=trade] canvas").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#trade-chart-title")).ToContainTextAsync(" R");
            // Why this trade? The run replayed up to its bar says it traded there.
            await page.Locator("#why-explain").ClickAsync();
            await Assertions.Expect(page.Locator("#why-verdict")).ToContainTextAsync("Traded: a ", new() { Timeout = 60_000 });

            // Edit the preset (a new version), rerun on the same data, compare both runs.
            await GotoInteractiveAsync(page, "presets/breakout_v1/edit");
            var risk = page.Locator("[data-field='risk.risk_per_trade'] input");
            // The prerendered inputs stay disabled until the circuit has loaded the form (typing into them would be lost).
            await Assertions.Expect(risk).ToBeEditableAsync();
            await risk.FillAsync("0.005");
            await risk.PressAsync("Tab");
            await page.Locator("#save-preset").ClickAsync();
            await page.WaitForURLAsync(url => !url.EndsWith("/edit", StringComparison.Ordinal));
            await GotoInteractiveAsync(page, "data");
            await page.Locator("tr[data-data-set='browser coins'] [data-backtest-on]").ClickAsync();
            await WaitForCircuitAsync(page);
            await page.Locator("#bt-start").ClickAsync();
            var second = page.Locator("#backtests-table tbody tr").First;
            await Assertions.Expect(second).Not.ToHaveAttributeAsync("data-backtest", firstId!);
            await Assertions.Expect(second).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 90_000 });
            await Assertions.Expect(second).ToContainTextAsync("breakout_v1 v2");
            await page.Locator("#backtests-table tbody tr").Nth(0).Locator("input[type=checkbox]").CheckAsync();
            await page.Locator("#backtests-table tbody tr").Nth(1).Locator("input[type=checkbox]").CheckAsync();
            await page.Locator("#bt-compare").ClickAsync();
            await WaitForCircuitAsync(page);
            await Assertions.Expect(page.Locator("#compare-table tr[data-row='preset']")).ToHaveClassAsync("bb-differs");
            await Assertions.Expect(page.Locator("#compare-preset-changes tr[data-field='risk.risk_per_trade']")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-chart=equity]")).ToHaveAttributeAsync("data-series", "2");

            // A sweep over the risk per trade.
            await GotoInteractiveAsync(page, "sweeps");
            await page.Locator("#bt-instruments").FillAsync("3");
            await page.Locator("#bt-bars").FillAsync("2000");
            await page.Locator("#sw-values1").FillAsync("0.005, 0.01");
            await page.Locator("#sw-values1").PressAsync("Tab");
            await page.Locator("#sw-start").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/sweeps/", StringComparison.Ordinal));
            await WaitForCircuitAsync(page);
            await Assertions.Expect(page.Locator("#in-sample-warning")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#sweep-progress")).ToContainTextAsync("2 of 2 runs finished", new() { Timeout = 90_000 });
            await Assertions.Expect(page.Locator("#sweep-table tbody tr")).ToHaveCountAsync(2);

            errors.ShouldBeEmpty();
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException or ShouldAssertException)
        {
            throw new InvalidOperationException(ex.Message + "\nconsole errors: " + string.Join(" | ", errors) + "\n--- portal output ---\n" + Tail(portal.Output), ex);
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }

    /// <summary>Chooses files in the upload form and waits until the server shows them as chosen.</summary>
    private static async Task ChooseFilesAsync(IPage page, params string[] paths)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator("#upload-files").SetInputFilesAsync(paths);
            try
            {
                var chosen = "Chosen: " + string.Join(", ", paths.Select(Path.GetFileName));
                await Assertions.Expect(page.Locator("#upload-chosen")).ToHaveTextAsync(chosen, new() { Timeout = 10_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // The file input's change did not reach the circuit (still starting on a loaded machine): choose again.
                await page.Locator("#upload-files").SetInputFilesAsync(Array.Empty<string>());
            }
        }
    }

    /// <summary>Two instruments of the generated market as upload files.</summary>
    private static async Task<string[]> WriteMarketAsync(string folder)
    {
        var market = MarketDataSet.Generated(11, 2, 3000);
        var paths = new List<string>();
        foreach (var (id, name) in market.Candles.Keys.Order().Zip(new[] { "BTC-USDT-SWAP", "ETH-USDT-SWAP" }))
        {
            var text = new StringBuilder("timestamp,open,high,low,close,volume\n");
            foreach (var c in market.Candles[id])
            {
                text.Append(CultureInfo.InvariantCulture, $"{c.Time.ToUnixTimeMilliseconds()},{c.Open},{c.High},{c.Low},{c.Close},{c.Volume}\n");
            }
            var path = Path.Combine(folder, name + ".csv");
            await File.WriteAllTextAsync(path, text.ToString(), Ct);
            paths.Add(path);
        }
        return [.. paths];
    }
}
