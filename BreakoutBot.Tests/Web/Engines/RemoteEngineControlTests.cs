using System.Collections.Concurrent;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Journal;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Journal;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Engines;
using BreakoutBot.Web.Components.Pages.Engines.Components;
using BreakoutBot.Web.Components.Pages.Presets;
using BreakoutBot.Tests.Web.Presets;
using BreakoutBot.Infrastructure.Presets;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Web.Engines;

/// <summary>
/// In a cluster, the pages act on an engine another node runs as on a local one: its market chart is drawn by that node,
/// its removal, Start from the list and a new preset version are sent to it, each only for those who may (ADR-020, ADR-021).
/// </summary>
public sealed class RemoteEngineControlTests : ClusterPageTest
{
    [Fact]
    public async Task ItsMarketChartIsTheOneTheOwnerNodeDrawsFromTheEngine()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        await PublishAsync(database, TradingState.Scanning, cycles: 9, equity: 1_000m, [EngineCommand.Pause], scan: OneRowScan(database), signals: []);
        Services.AddSingleton(new RemoteMarketCharts(Queue(database, "node-a"), NullLogger<RemoteMarketCharts>.Instance));
        var drawn = new MarketChartDrawing("{\"height\":340}", "Support 101.5, Resistance 104", 120, 2, 1);
        using var nodeB = new CancellationTokenSource();
        var asked = new ConcurrentQueue<string>();
        var answering = AnswerChartsAsNodeBAsync(database, drawn, asked, nodeB.Token);
        SignIn("alice", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#market-levels").TextContent.ShouldBe("Support 101.5, Resistance 104"), TimeSpan.FromSeconds(10));
        var chart = page.Find("#market-chart [data-chart='market']");
        chart.GetAttribute("data-instrument").ShouldBe("SOL-USDT-SWAP");
        chart.GetAttribute("data-bars").ShouldBe("120");
        chart.GetAttribute("data-levels").ShouldBe("2");
        await nodeB.CancelAsync();
        await answering;
        asked.ToArray().ShouldBe(["SOL-USDT-SWAP"], "node b was asked once, for the best instrument of the last scan");
    }

    [Fact]
    public async Task ItsMarketChartIsAskedForAgainWhenAStopMovesWithinTheBar()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        var position = new PositionSummary("p1", "SOL-USDT-SWAP", PositionSide.Long, "momentum", 2m, 100m, 98m, 104m, 108m, false, false, false, 101m, 2m, 0.5, 0.1m, database.Time.GetUtcNow());
        var remote = await PublishAsync(database, TradingState.Managing, cycles: 9, equity: 1_000m, [EngineCommand.Pause], scan: OneRowScan(database), signals: [], positions: [position]);
        Services.AddSingleton(new RemoteMarketCharts(Queue(database, "node-a"), NullLogger<RemoteMarketCharts>.Instance));
        using var nodeB = new CancellationTokenSource();
        var asked = new ConcurrentQueue<string>();
        var answering = AnswerChartsAsNodeBAsync(database, new MarketChartDrawing("{\"height\":340}", "Support 99", 120, 1, 1), asked, nodeB.Token);
        SignIn("alice", Roles.Trader);
        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));
        page.WaitForAssertion(() => page.Find("#market-levels").TextContent.ShouldBe("Support 99"), TimeSpan.FromSeconds(10));

        // Node b moves the stop to breakeven on the same bar: the chart's lines change, so it is asked for again.
        await PublishAsync(database, TradingState.Managing, cycles: 10, equity: 1_000m, [EngineCommand.Pause], remote, OneRowScan(database), [], positions: [position with { StopLoss = 100m, BreakevenMoved = true }]);

        page.WaitForAssertion(() => page.Find("#positions-table").TextContent.ShouldContain("(breakeven)"));
        await Eventually.WaitUntilAsync(() => asked.Count == 2, "node b asked a second time for the chart");
        await nodeB.CancelAsync();
        await answering;
        asked.ToArray().ShouldBe(["SOL-USDT-SWAP", "SOL-USDT-SWAP"]);
        page.Find("#market-levels").TextContent.ShouldBe("Support 99");
    }

    [Fact]
    public async Task ItsMarketChartSaysSoWhenTheOwnerNodeDoesNotAnswer()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        await PublishAsync(database, TradingState.Scanning, cycles: 9, equity: 1_000m, [EngineCommand.Pause], scan: OneRowScan(database), signals: []);
        Services.AddSingleton(new RemoteMarketCharts(Queue(database, "node-a"), NullLogger<RemoteMarketCharts>.Instance));
        // The chart's request queue waits on the system clock: node b's lease is current on it too.
        await using (var db = await database.OpenAsync())
        {
            await db.EngineLeases.ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(10)), Xunit.TestContext.Current.CancellationToken);
        }
        SignIn("vera", Roles.Viewer);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#market-problem").TextContent.ShouldStartWith("Node node-b did not send the chart within 5 s"), TimeSpan.FromSeconds(15));
        page.Find("#market-chart [data-chart='market']").GetAttribute("data-bars").ShouldBe("0");
        await using var after = await database.OpenAsync();
        after.EngineCommandRequests.Count().ShouldBe(0, "the unanswered request was withdrawn");
    }

    [Fact]
    public async Task ItsOwnerMayRemoveItOnceStoppedAndAViewerNever()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        var remote = await PublishAsync(database, TradingState.Stopped, cycles: 9, equity: 1_000m, [EngineCommand.Start]);
        SignIn("alice", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#engine-state").TextContent.ShouldBe("STOPPED"));
        page.FindAll("#remove-engine").Count.ShouldBe(1, "the owner may remove a stopped engine, wherever it runs");
        await PublishAsync(database, TradingState.Scanning, cycles: 10, equity: 1_000m, [EngineCommand.Pause], remote);
        page.WaitForAssertion(() => page.Find("#engine-state").TextContent.ShouldBe("SCANNING"));
        page.FindAll("#remove-engine").ShouldBeEmpty("a running engine must be stopped first");
    }

    [Fact]
    public async Task AViewerIsNotOfferedItsRemoval()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        await PublishAsync(database, TradingState.Stopped, cycles: 9, equity: 1_000m, [EngineCommand.Start]);
        SignIn("vera", Roles.Viewer);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#engine-state").TextContent.ShouldBe("STOPPED"));
        page.FindAll("#remove-engine").ShouldBeEmpty();
    }

    [Fact]
    public async Task TheEngineListStartsItOnTheNodeThatRunsIt()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        Services.AddSingleton(Queue(database, "node-a"));
        await PublishAsync(database, TradingState.Stopped, cycles: 9, equity: 1_000m, [EngineCommand.Start]);
        SignIn("alice", Roles.Trader);

        var page = Render<EngineList>();
        page.WaitForAssertion(() => page.Find("[data-remote='remote1']"));
        page.Find("[data-start='remote1']").Click();

        // Queued for node b (the service authorised it by the stored owner); node b runs it when it polls.
        await Eventually.WaitUntilAsync(
            async () =>
            {
                await using var db = await database.OpenAsync();
                return await db.EngineCommandRequests.AnyAsync(r => r.EngineId == "remote1" && r.Kind == EngineRequestKind.Command && r.Command == EngineCommand.Start && r.UserId == "alice" && r.PresetName == "breakout_v1");
            },
            "a start request for node b");
    }

    [Fact]
    public async Task ThePresetPageSendsItsNewVersionToTheNodeThatRunsIt()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        Services.AddSingleton(Queue(database, "node-a"));
        Services.AddSingleton<IPresetStore>(new RecordingPresetStore());
        await PublishAsync(database, TradingState.Scanning, cycles: 9, equity: 1_000m, [EngineCommand.Pause]);
        SignIn("alice", Roles.Trader);

        var view = Render<PresetView>(p => p.Add(c => c.Name, "breakout_v1"));
        await view.WaitForElementAsync("#apply-preset");
        var version = int.Parse(view.Find("#apply-preset").TextContent.Split('v', ' ')[2], System.Globalization.CultureInfo.InvariantCulture);
        view.Find("#apply-preset").Click();

        await Eventually.WaitUntilAsync(
            async () =>
            {
                await using var db = await database.OpenAsync();
                return await db.EngineCommandRequests.AnyAsync(r => r.EngineId == "remote1" && r.Kind == EngineRequestKind.ApplyPresetVersion && r.PresetName == "breakout_v1" && r.PresetVersion == version && r.UserId == "alice");
            },
            "the new version queued for node b");
    }

    [Fact]
    public async Task AViewerSeesItInTheEngineListWithoutStart()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        await PublishAsync(database, TradingState.Stopped, cycles: 9, equity: 1_000m, [EngineCommand.Start]);
        SignIn("vera", Roles.Viewer);

        var page = Render<EngineList>();

        page.WaitForAssertion(() => page.Find("[data-remote='remote1']").TextContent.ShouldBe("on node node-b"));
        page.FindAll("[data-start='remote1']").ShouldBeEmpty("a viewer starts nothing");
    }

    /// <summary>Node B's side: answers every chart request for <c>remote1</c> with <paramref name="drawn"/> until cancelled, noting the instruments asked for.</summary>
    private static async Task AnswerChartsAsNodeBAsync(PersistenceTestDatabase database, MarketChartDrawing drawn, ConcurrentQueue<string> asked, CancellationToken stop)
    {
        var queue = Queue(database, "node-b");
        var payload = System.Text.Json.JsonSerializer.Serialize(drawn);
        // Polled as node B's runner polls the queue (every 250 ms there; faster here).
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await poll.WaitForNextTickAsync(stop))
            {
                foreach (var request in await queue.PendingForAsync(["remote1"], stop))
                {
                    if (request.Kind == EngineRequestKind.Chart && await queue.ClaimAsync(request.Id, stop))
                    {
                        await queue.CompleteAsync(request.Id, true, "Drawn on node node-b.", stop, payload);
                        asked.Enqueue(request.InstrumentId ?? "");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
