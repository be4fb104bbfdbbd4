using System.Net;
using System.Text.RegularExpressions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Hosting;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web;

public sealed partial class PortalSmokeTests : IClassFixture<PortalFixture>
{
    private readonly PortalFixture _portal;

    public PortalSmokeTests(PortalFixture portal)
    {
        _portal = portal;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HomePageRenders()
    {
        using var client = _portal.Factory.CreateClient().AsTestUser("smoke", Roles.Viewer);

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("BreakoutBot");
        html.ShouldContain("<title>BreakoutBot</title>");
    }

    [Fact]
    public async Task HealthEndpointAnswers()
    {
        using var client = _portal.Factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("\"status\":\"healthy\"", Case.Sensitive, "/health is the liveness answer");
    }

    [Fact]
    public async Task TheHealthPagesRunListSaysWhichJobsItHoldsSoItNeverContradictsTheJobsCard()
    {
        using var client = _portal.Factory.CreateClient().AsTestUser("health-admin", Roles.Admin);

        using var response = await client.GetAsync(new Uri("/admin/health", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(Ct);
        // The list reads the JobRuns table (exports, imports, retention); the Jobs card counts every Hangfire job, a
        // backtest's included, so "no background job has run" beside "1 ok" was wrong.
        html.ShouldNotContain("No background job has run yet");
        html.ShouldContain("Recent export, import and retention runs");
        html.ShouldContain("Backtests, sweeps and market-data downloads are not listed here");
    }

    [Theory]
    [InlineData("/app.css", "text/css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js", "text/javascript")]
    [InlineData("/_framework/blazor.web.js", "text/javascript")]
    public async Task StaticFilesAreServed(string path, string mediaType)
    {
        using var client = _portal.Factory.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(mediaType);
        (await response.Content.ReadAsByteArrayAsync(Ct)).Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task EveryStylesheetAndScriptThePageLinksIsServed()
    {
        // The page links fingerprinted URLs (app.<hash>.css); a browser asks for those, with compression allowed.
        using var client = _portal.Factory.CreateClient().AsTestUser("smoke", Roles.Viewer);
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative), Ct);
        var urls = AssetLink().Matches(html).Select(m => m.Groups["url"].Value).Distinct().ToList();

        urls.ShouldContain(u => u.StartsWith("app.", StringComparison.Ordinal) && u.EndsWith(".css", StringComparison.Ordinal));
        urls.ShouldContain(u => u.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && u.EndsWith(".css", StringComparison.Ordinal));
        urls.ShouldContain(u => u.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        foreach (var url in urls)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/" + url, UriKind.Relative));
            request.Headers.AcceptEncoding.ParseAdd("gzip, br");
            using var response = await client.SendAsync(request, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        }
    }

    [Fact]
    public async Task DefaultEngineTradesTheBreakoutPresetInPaperMode()
    {
        // Resolving the host starts the server and with it the engine.
        _portal.Factory.CreateClient().Dispose();
        var host = _portal.Factory.Services.GetRequiredService<DemoEngineHost>();

        await Eventually.WaitUntilAsync(() => (host.Engine?.Status.CycleCount ?? 0) > 0, "the default engine's first cycle", TimeSpan.FromSeconds(20));

        var status = host.Engine.ShouldNotBeNull("the engine was not created within 20 s").Status;
        status.CycleCount.ShouldBeGreaterThan(0);
        // The demo engine replays bars fast in tests: it is trading, or its kill switch has legitimately halted it
        // (a losing streak on the generated market); never idle, stopped or in error.
        var halted = status.State == TradingState.Emergency && status.KillSwitch.Triggered;
        (status.State.IsTradingActive() || halted).ShouldBeTrue($"state {status.StateName}, last error {status.LastError}");
        status.Preset.ShouldBe("breakout_v1");
        status.Mode.ShouldBe(TradingMode.Paper);
        host.InstrumentIds.Count.ShouldBe(6);
        host.DataSource.ShouldContain("800 bars");
    }

    [GeneratedRegex("(?:href|src)=\"(?<url>[^\"]+\\.(?:css|js))\"")]
    private static partial Regex AssetLink();
}
