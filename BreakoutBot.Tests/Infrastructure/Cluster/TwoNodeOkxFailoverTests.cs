using System.Diagnostics;
using BreakoutBot.Infrastructure.Hosting;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using BreakoutBot.Tests.TestSupport.Servers;
using BreakoutBot.Tests.Web.Browser;
using BreakoutBot.Tests.Web.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static BreakoutBot.Tests.Infrastructure.Cluster.ClusterPortals;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// Issue 13's "done when" on two real portal processes, one PostgreSQL database and one Redis backplane: node a runs the
/// default engine on the bundled market and a demo-trading engine on the fake OKX (a real HTTP and WebSocket server on
/// loopback), each with a position open and its stop resting; node b runs a third, idle engine (so the spread keeps both
/// trading engines on a). A browser signed in on node b listens to both engines' live events. Node a is killed (kill -9):
/// node b must own both engines and run their cycles within the bound; the fake exchange must have received no client
/// order id twice and must still hold the position with the same resting stop (found by the take-over's
/// reconciliation, not sent again); the browser must have seen events of both engines while they ran on node a (through
/// the backplane) and after they moved to node b. Skipped without PostgreSQL, redis-server or Chromium.
/// </summary>
public sealed class TwoNodeOkxFailoverTests(ITestOutputHelper output)
{
    private const string Default = DemoEngineHost.DefaultEngineId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhenTheOwnerOfAReplayAndAnOkxEngineIsKilledTheOtherNodeTradesBothAndABrowserThereSawEventsOfBoth()
    {
        PostgresServer.SkipUnlessAvailable();
        RedisServer.SkipUnlessAvailable();
        var chromium = BrowserPages.RequireChromium();
        await using var server = await PostgresServer.StartAsync(Ct);
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var okx = await FakeOkxServer.StartAsync(new FakeOkxOptions { AddTypicalSwaps = true, IsDemo = true }, Ct);
        FakeOkxBreakoutMarket.Load(okx, DateTimeOffset.UtcNow);
        await using var database = await MigratedAsync(server);
        var settings = ClusterOkxEngine.Settings(okx);
        settings["Cluster__RedisConfiguration"] = redis.Configuration;
        settings["Metrics__AllowedNetworks__0"] = "127.0.0.1/32";

        // Node a: the default engine, the OKX engine, and a spare idle engine (the newest, so it is the one a gives to b).
        await using var a = await NodeAsync("node-a", database, settings);
        using var api = await ClusterOkxEngine.AdminApiAsync(a, database);
        var okxEngine = await ClusterOkxEngine.CreateAndStartAsync(api, database, okx);
        var spare = await ClusterOkxEngine.CreateIdleAsync(api, "spare");
        await Eventually.WaitUntilAsync(() => LiveStopOf(okx) is not null, "the OKX engine went long ETH with its stop resting on the exchange",
            TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));
        await WaitUntilTradingWithOpenPositionsAsync(database, Default, "node-a");

        await using var b = await NodeAsync("node-b", database, settings);
        await Eventually.WaitUntilAsync(async () => await OwnerAsync(database, spare) is ("node-b", _)
            && await OwnerAsync(database, Default) is ("node-a", _) && await OwnerAsync(database, okxEngine) is ("node-a", _),
            "node b took the spare engine over and node a kept both trading engines", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));

        // A browser on node b listens to both engines while node a runs them.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserPages.LaunchAsync(playwright, chromium);
        var page = await BrowserPages.NewPageAsync(browser, b);
        await BrowserPages.LogInAsync(page, PortalProcess.AdminEmail, PortalProcess.AdminPassword);
        await BrowserHubListener.SubscribeAsync(page, [Default, okxEngine]);
        await Eventually.WaitUntilAsync(async () => SeenOf(await BrowserHubListener.ReadAsync(page), DateTimeOffset.MinValue) is { Default: > 0, Okx: > 0 },
            "the browser on node b received events of both engines running on node a", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
        var seenBeforeKill = SeenOf(await BrowserHubListener.ReadAsync(page), DateTimeOffset.MinValue);
        var defaultToken = (await OwnerAsync(database, Default))!.Value.Token;
        var okxToken = (await OwnerAsync(database, okxEngine))!.Value.Token;
        var stopAtKill = LiveStopOf(okx)!;
        var placedBeforeKill = ClusterOkxEngine.PlacedClientOrderIds(okx);
        var okxOpenAtKill = await OpenPositionIdsAsync(database, okxEngine);
        okxOpenAtKill.ShouldNotBeEmpty("the OKX engine had its position stored when its node died");
        // The replay engine's positions stored open right before the kill (read after it, they may all have closed).
        var openAtKill = await WaitUntilTradingWithOpenPositionsAsync(database, Default, "node-a");
        var killedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await a.KillAsync();

        // Within the lease and 30 s: node b owns both engines and runs their cycles (counted on its /metrics).
        TimeSpan? defaultMoved = null, okxMoved = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            var cycles = await CyclesOnAsync(b);
            if (defaultMoved is null && await OwnerAsync(database, Default) == ("node-b", defaultToken + 1) && cycles(Default) > 0)
            {
                defaultMoved = clock.Elapsed;
            }
            if (okxMoved is null && await OwnerAsync(database, okxEngine) == ("node-b", okxToken + 1) && cycles(okxEngine) > 0)
            {
                okxMoved = clock.Elapsed;
            }
            return defaultMoved is not null && okxMoved is not null;
        }, "node b owns both engines and runs their cycles", Lease + TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        output.WriteLine($"Fail-over (kill -9 to the first cycle on node b): default engine {defaultMoved!.Value.TotalSeconds:F1} s, OKX engine {okxMoved!.Value.TotalSeconds:F1} s; " +
            $"{openAtKill.Count} replay position(s) and {okxOpenAtKill.Count} OKX position(s) open at the kill; browser events before the kill: {seenBeforeKill}.");

        // The browser on node b sees both engines' events after they moved there.
        await Eventually.WaitUntilAsync(async () => SeenOf(await BrowserHubListener.ReadAsync(page), killedAt) is { Default: > 0, Okx: > 0 },
            "the browser on node b received events of both engines after they moved to node b", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));
        (await BrowserHubListener.ReadAsync(page)).Closed.ShouldBeNull("the browser's hub connection to node b stayed up");

        // The replay engine: nothing stored twice, nothing lost, every open position stopped.
        await AssertNothingSentTwiceNothingLostEveryPositionStoppedAsync(database, Default, openAtKill);
        // The move is stored (written behind, so it may trail the take-over by a moment) as a transition and in the audit log.
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var db = await database.OpenAsync();
            return await db.StateTransitions.AnyAsync(t => t.EngineId == okxEngine && t.Reason.Contains("moved from node node-a to node node-b"), Ct)
                && await db.AuditLog.AnyAsync(e => e.Action == "engine.moved" && e.Target == okxEngine, Ct);
        }, "the OKX engine's move is a stored transition and an audit entry", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(200));

        // The OKX engine, by the fake exchange's own record: the take-over found the position and its stop and sent neither again.
        await AssertNothingSentTwiceNothingLostEveryPositionStoppedAsync(database, okxEngine, okxOpenAtKill);
        var placed = ClusterOkxEngine.PlacedClientOrderIds(okx);
        placed.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("the fake OKX received no client order id twice");
        var position = okx.Positions.ShouldHaveSingleItem("the ETH position is still open on the exchange");
        position.InstId.ShouldBe(FakeOkxBreakoutMarket.Eth);
        var stop = LiveStopOf(okx).ShouldNotBeNull("the open position keeps a resting stop");
        stop.AlgoId.ShouldBe(stopAtKill.AlgoId, "the stop resting at the kill is the one still resting: not cancelled and sent again");
        placed.Except(placedBeforeKill).ShouldNotContain(id => okx.AlgoOrders.Any(o => o.AlgoClOrdId == id && o.StopLossTriggerPrice != null),
            "no new stop was placed after the take-over");
    }

    /// <summary>The live stop-loss covering the open ETH position on the fake exchange, or null (no position, or no stop).</summary>
    private static BreakoutBot.Tests.TestSupport.FakeOkx.FakeOkxAlgoOrder? LiveStopOf(FakeOkxServer okx)
    {
        var position = okx.GetPosition(FakeOkxBreakoutMarket.Eth);
        if (position is not { IsOpen: true })
        {
            return null;
        }
        return okx.AlgoOrders.FirstOrDefault(a => a.IsLive && a.InstId == FakeOkxBreakoutMarket.Eth && a.StopLossTriggerPrice is not null && a.ReduceOnly
            && a.Side == (position.Contracts > 0 ? "sell" : "buy"));
    }

    private static (int Default, int Okx) SeenOf((IReadOnlyList<(string EngineId, string Type, DateTimeOffset At)> Messages, IReadOnlyList<string> Refusals, string? Closed) state, DateTimeOffset after)
    {
        var okxCount = state.Messages.Count(m => m.At > after && m.EngineId != Default);
        return (state.Messages.Count(m => m.At > after && m.EngineId == Default), okxCount);
    }

    /// <summary>The node's cycle counter per engine (<c>breakoutbot_engine_cycles</c> on its /metrics).</summary>
    private static async Task<Func<string, double>> CyclesOnAsync(PortalProcess node)
    {
        using var http = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var scrape = new PrometheusScrape(await http.GetStringAsync(new Uri("metrics", UriKind.Relative), Ct));
        return engine => scrape.Sum("breakoutbot_engine_cycles", ("engine", engine));
    }
}
