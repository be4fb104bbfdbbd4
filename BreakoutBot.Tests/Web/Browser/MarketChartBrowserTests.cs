using Microsoft.Playwright;
using static BreakoutBot.Tests.Web.Browser.BrowserPages;

namespace BreakoutBot.Tests.Web.Browser;

/// <summary>
/// The dashboard's market chart in Debian's Chromium against the real portal process: the instrument list is re-ordered
/// by every scan, and the list still names the instrument the chart shows; a cheap instrument's prices are drawn with
/// enough decimals (DOGE at 0.08 is not "0.08" on the axis). Skips when Chromium is absent.
/// </summary>
public sealed class MarketChartBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string ChosenMatchesCharted =
        "() => { const c = document.querySelector('[data-chart=market]'); const s = document.querySelector('#market-instrument');"
        + " return !!c && !!s && s.value === c.getAttribute('data-instrument'); }";

    [Fact]
    public async Task TheInstrumentListNamesTheChartedInstrumentAndCheapPricesKeepTheirDecimals()
    {
        var chromium = RequireChromium();
        // Seed 42's market fires the kill switch (five losses in a row) about 140 bars after the warm-up, and the engine
        // then scans no more; at 400 ms a bar that leaves about a minute for the browser to log in and see a scan re-rank
        // the list on a loaded machine (at the default 100 ms it was 14 s, and CI missed it).
        await using var portal = await PortalProcess.StartAsync(Ct, barIntervalMs: 400);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        try
        {
            var page = await NewPageAsync(browser, portal);
            await LogInAsync(page, PortalProcess.AdminEmail, PortalProcess.AdminPassword);
            await GotoInteractiveAsync(page, "engines/default");
            var chart = page.Locator("[data-chart=market]");
            await Assertions.Expect(chart).Not.ToHaveAttributeAsync("data-bars", "0", new() { Timeout = 45_000 });
            var charted = await chart.GetAttributeAsync("data-instrument");

            // A later scan ranks another instrument first: the chart stays on the one it showed, and so does the list.
            await page.WaitForFunctionAsync(
                "c => { const s = document.querySelector('#market-instrument'); return !!s && s.options.length > 1 && s.options[0].value !== c; }",
                charted, new() { Timeout = 45_000 });
            await Assertions.Expect(chart).ToHaveAttributeAsync("data-instrument", charted!);
            (await page.EvaluateAsync<bool>(ChosenMatchesCharted)).ShouldBeTrue(
                $"the list shows {await page.Locator("#market-instrument").InputValueAsync()}, the chart {charted}");

            // DOGE (about 0.08 in the generated market) is drawn with five decimals, BTC with two.
            await page.Locator("#market-instrument").SelectOptionAsync("DOGE-USDT-SWAP");
            await Assertions.Expect(chart).ToHaveAttributeAsync("data-instrument", "DOGE-USDT-SWAP", new() { Timeout = 45_000 });
            await Assertions.Expect(chart).ToHaveAttributeAsync("data-price-precision", "5", new() { Timeout = 45_000 });
            await page.Locator("#market-instrument").SelectOptionAsync("BTC-USDT-SWAP");
            await Assertions.Expect(chart).ToHaveAttributeAsync("data-price-precision", "2", new() { Timeout = 45_000 });
            (await page.EvaluateAsync<bool>(ChosenMatchesCharted)).ShouldBeTrue();
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException(ex.Message + "\n--- portal output ---\n" + Tail(portal.Output), ex);
        }
    }
}
