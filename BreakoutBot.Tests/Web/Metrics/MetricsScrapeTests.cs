using System.Net;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Metrics;

/// <summary>
/// <c>/metrics</c> as a Prometheus server sees it: an engine trading on the bundled paper market moves its cycle,
/// transition, signal and order series, and only a scraper with the token or from the allowed network gets in.
/// </summary>
public sealed class MetricsScrapeTests(MetricsPortal portal) : IClassFixture<MetricsPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEngineTradingOnThePaperMarketMovesItsCycleTransitionSignalAndOrderSeries()
    {
        var registry = portal.Factory.Services.GetRequiredService<EngineRegistry>();
        var engine = registry.Create("metrics-owner", "Metrics", "breakout_v1",
            new EngineCreateOptions { Instruments = 12, MaxInstruments = 12, Bars = 4000, WarmupBars = 300, BarIntervalMs = 1 });
        var id = ("engine", engine.Id);
        (await portal.ScrapeAsync(Ct)).Sum("breakoutbot_engine_cycles", id).ShouldBe(0, "nothing is counted before the engine runs");

        (await engine.ExecuteAsync(EngineCommand.Start, null, Ct)).Success.ShouldBeTrue();

        PrometheusScrape? scrape = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            scrape = await portal.ScrapeAsync(Ct);
            return scrape.Sum("breakoutbot_engine_order_requests", id, ("action", "place")) > 0;
        }, "an entry order of the engine counted in breakoutbot_engine_order_requests", TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(250));

        scrape!.Sum("breakoutbot_engine_cycles", id).ShouldBeGreaterThan(0);
        scrape.Sum("breakoutbot_engine_cycle_duration_seconds_count", id, ("phase", "scanning")).ShouldBeGreaterThan(0, "scanning cycles are timed by phase");
        scrape.Sum("breakoutbot_engine_transitions", id, ("from", "idle"), ("to", "initializing")).ShouldBe(1, "one start");
        scrape.Sum("breakoutbot_engine_transitions", id, ("to", "execution")).ShouldBeGreaterThan(0, "an order follows a transition to execution");
        scrape.Sum("breakoutbot_engine_signals", id, ("status", "active")).ShouldBeGreaterThan(0, "an entry needs a signal first");
        // Gauges without an engine label (engines by state, queue depth) are shared by every test portal in this process,
        // so only their presence is checked here; ObservedMetricsTests checks their values.
        scrape.Has("breakoutbot_engines").ShouldBeTrue();
        scrape.Sum("breakoutbot_job_duration_seconds_count", ("scheduler", "quartz"), ("job", "EngineCycleJob")).ShouldBeGreaterThan(0);
        scrape.Has("breakoutbot_writebehind_queue_depth").ShouldBeTrue();
        scrape.Text.ShouldNotContain("metrics-owner", Case.Sensitive, "no user in any label");
    }

    [Fact]
    public async Task WithoutATokenTheScrapeIsRefusedWith401AndABearerChallenge()
    {
        using var client = portal.Client();

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldContain(h => h.Scheme == "Bearer");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain("breakoutbot_");
    }

    [Theory]
    [InlineData("not-the-token")]
    [InlineData(MetricsPortal.Token + "x")]
    [InlineData("bbt_personalaccesstokenofsomeuser")]
    public async Task AWrongTokenIsRefusedWith401(string token)
    {
        using var client = portal.Client(token);

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain("breakoutbot_");
    }

    [Fact]
    public async Task TheRightTokenGetsThePrometheusText()
    {
        using var client = portal.Client(MetricsPortal.Token);

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        response.Content.Headers.ContentType.Parameters.ShouldContain(p => p.Name == "version" && p.Value == "0.0.4");
        var scrape = new PrometheusScrape(await response.Content.ReadAsStringAsync(Ct));
        scrape.Has("breakoutbot_writebehind_queue_depth").ShouldBeTrue();
        scrape.Has("process_cpu_seconds_total").ShouldBeTrue();
    }

    [Fact]
    public async Task AnAddressInTheAllowedNetworkNeedsNoToken()
    {
        using var client = portal.Client(address: MetricsPortal.AllowedAddress);

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("breakoutbot_engines");
    }
}
