using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Journal;
using BreakoutBot.Domain.Risk;
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
/// In a cluster, the dashboard of an engine that runs on another node says where it runs and shows the live status that
/// node publishes (ADR-021), following each newer one, to those who may see it.
/// </summary>
public sealed class EngineDashboardClusterTests : ClusterPageTest
{
    [Fact]
    public async Task ItsOwnerIsToldWhichNodeRunsIt()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        SignIn("alice", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#engine-elsewhere").TextContent.ShouldContain("'Alice's far engine' runs on node node-b"));
        page.FindAll("#engine-missing").ShouldBeEmpty();
    }

    [Fact]
    public async Task AnotherTraderLearnsNothingAboutIt()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        SignIn("bob", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#engine-missing"));
        page.FindAll("#engine-elsewhere").ShouldBeEmpty();
        page.Markup.ShouldNotContain("node-b");
    }

    [Fact]
    public async Task ItsOwnerSeesItsLiveStatusFollowTheOwnerNodesNewerStatus()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        var remote = await PublishAsync(database, TradingState.Idle, cycles: 0, equity: 1_000m, [EngineCommand.Start]);
        SignIn("alice", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#engine-state").TextContent.ShouldBe("IDLE"));
        page.Find("#engine-elsewhere").TextContent.ShouldContain("runs on node node-b");
        page.Find("#engine-equity").TextContent.ShouldContain("1,000.00");
        page.FindAll("[data-command]").Select(b => b.GetAttribute("data-command")).ShouldBe(["Start"]);

        // Node B publishes a newer status; this node reads it and the open page follows without being asked to.
        await PublishAsync(database, TradingState.Scanning, cycles: 42, equity: 1_012.5m, [EngineCommand.Pause, EngineCommand.Stop], remote);

        page.WaitForAssertion(() => page.Find("#engine-state").TextContent.ShouldBe("SCANNING"));
        page.Find("#engine-cycles").TextContent.ShouldContain("42 cycles");
        page.Find("#engine-equity").TextContent.ShouldContain("1,012.50");
        page.Find("#transitions-table").TextContent.ShouldContain("scanning");
        page.FindAll("[data-command]").Select(b => b.GetAttribute("data-command")).ShouldBe(["Pause", "Stop"]);
    }

    [Fact]
    public async Task AViewerWatchesItWithoutCommands()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        await PublishAsync(database, TradingState.Scanning, cycles: 7, equity: 1_000m, [EngineCommand.Pause]);
        SignIn("vera", Roles.Viewer);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#engine-state").TextContent.ShouldBe("SCANNING"));
        page.FindAll("[data-command]").ShouldBeEmpty();
        page.Find("#read-only").TextContent.ShouldContain("may watch");
    }

    [Fact]
    public async Task AnotherTraderSeesNothingOfItsPublishedStatus()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        await PublishAsync(database, TradingState.Scanning, cycles: 7, equity: 1_234.56m, [EngineCommand.Pause]);
        SignIn("bob", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#engine-missing"));
        page.FindAll("#engine-state").ShouldBeEmpty();
        page.Markup.ShouldNotContain("1,234.56");
        page.Markup.ShouldNotContain("node-b");
    }

    [Fact]
    public async Task ItsOwnerSeesTheLastScanAndTheSignalsTheOwnerNodePublished()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        var at = database.Time.GetUtcNow();
        var scan = new ScanTable(at, 1, 2, ["oi_delta"],
        [
            new ScanTableRow(1, "SOL-USDT-SWAP", true, 0.812, [new FilterChip("max_spread", FilterVerdict.Passed, "spread 1.2 bps ≤ 5"), new FilterChip("oi_delta", FilterVerdict.NotChecked, "oi_delta not checked")]),
            new ScanTableRow(2, "ETH-USDT-SWAP", false, 0.4, [new FilterChip("volume_surge_1h", FilterVerdict.Failed, "1h volume surge 0.82 < 1.5")]),
        ]);
        SignalRow[] signals = [new SignalRow(at, "SOL-USDT-SWAP", "Long", "Momentum", 101.5m, 99.25m, 0.71, "Executed", "volume_confirmation ok 1.9 vs 1.5")];
        await PublishAsync(database, TradingState.Scanning, cycles: 9, equity: 1_000m, [EngineCommand.Pause], scan: scan, signals: signals);
        SignIn("alice", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#scan-table"));
        var rows = page.FindAll("#scan-table tbody tr");
        rows.Count.ShouldBe(2);
        rows[0].TextContent.ShouldContain("SOL-USDT-SWAP ✓");
        page.Find("#scan-table [data-filter='volume_surge_1h']").ClassName!.ShouldContain("mud-chip-color-error");
        page.Find("#scan-table [data-filter='max_spread']").ClassName!.ShouldContain("mud-chip-color-success");
        page.Find("#scan-table [data-filter='oi_delta']").ClassName!.ShouldContain("mud-chip-color-default");
        page.Find("#scan-not-checked").TextContent.ShouldContain("oi_delta");
        var signal = page.Find("#signals-table tbody tr");
        signal.TextContent.ShouldContain("SOL-USDT-SWAP");
        signal.TextContent.ShouldContain("Executed");
        signal.GetAttribute("title").ShouldBe("volume_confirmation ok 1.9 vs 1.5");
    }

    [Fact]
    public async Task ItsOwnerSeesTheOwnerNodesLastReconciliationAndLiveDataFeed()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        var at = database.Time.GetUtcNow();
        var reconciliation = new ReconciliationReport(at, "restart", [new ReconciliationItem("SOL-USDT-SWAP", "an order on the exchange the engine did not know", "cancelled")],
            Violations: ["SOL-USDT-SWAP: the open position has no live stop"]);
        var live = new OkxMarketDataSummary(40, 2, at, at.AddSeconds(-3), at.AddSeconds(-20), "candles: HTTP 503", at);
        await PublishAsync(database, TradingState.Managing, cycles: 9, equity: 1_000m, [EngineCommand.Pause], reconciliation: reconciliation, live: live);
        Services.AddSingleton<TimeProvider>(database.Time);
        SignIn("alice", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#engine-reconciliation"));
        var alert = page.Find("#engine-reconciliation");
        alert.ClassName!.ShouldContain("mud-alert-text-error");
        alert.TextContent.ShouldContain("SOL-USDT-SWAP: an order on the exchange the engine did not know → cancelled");
        page.Find("#engine-reconciliation [data-violation]").TextContent.ShouldContain("the open position has no live stop");
        var feed = page.Find("#live-data").TextContent;
        feed.ShouldContain("40 instruments, 2 stale");
        feed.ShouldContain("tickers 3 s ago");
        feed.ShouldContain("last error: candles: HTTP 503");
    }

    [Fact]
    public async Task ANodeOfAnEarlierVersionIsSaidNotToPublishItsScansAndSignals()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        await PublishAsync(database, TradingState.Scanning, cycles: 9, equity: 1_000m, [EngineCommand.Pause]);
        SignIn("alice", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#scan-not-published").TextContent.ShouldContain("node-b does not publish its scans"));
        page.Find("#signals-not-published").TextContent.ShouldContain("decision journal");
        page.FindAll("#scan-table").ShouldBeEmpty();
    }

    [Fact]
    public async Task ItsDecisionJournalOpensOnAnyNodeForThoseWhoMaySeeIt()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        await SeedDecisionAsync(database, "remote1", "Rejected by the scanner: volume_surge_1h 0.82 vs threshold 1.5.");
        Services.AddSingleton(database.Contexts);
        Services.AddSingleton<DecisionJournalQueries>();
        Services.AddSingleton(Options.Create(new JournalOptions()));
        await PublishAsync(database, TradingState.Scanning, cycles: 9, equity: 1_000m, [EngineCommand.Pause]);
        SignIn("alice", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));
        page.WaitForAssertion(() => page.Find("#open-journal"));
        page.Find("#open-journal").Click();

        page.WaitForAssertion(() => page.Find("#journal-table tbody tr").TextContent.ShouldContain("volume_surge_1h 0.82"));
    }

    [Fact]
    public async Task TheJournalOfAnEngineRunElsewhereIsReadByItsStoredOwnerNotByOtherTraders()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        await SeedDecisionAsync(database, "remote1", "A momentum signal was rejected by risk.");
        var queries = new DecisionJournalQueries(database.Contexts, Services.GetRequiredService<EngineCommandService>());
        var filter = new DecisionJournalFilter(null, null, null, null, 0, 25);

        (await queries.ListAsync(PresetDatabase.User("alice", Roles.Trader), "remote1", filter, Xunit.TestContext.Current.CancellationToken))!.Total.ShouldBe(1);
        (await queries.ListAsync(PresetDatabase.User("vera", Roles.Viewer), "remote1", filter, Xunit.TestContext.Current.CancellationToken))!.Total.ShouldBe(1);
        (await queries.ListAsync(PresetDatabase.User("bob", Roles.Trader), "remote1", filter, Xunit.TestContext.Current.CancellationToken)).ShouldBeNull();
        (await queries.InstrumentsAsync(PresetDatabase.User("bob", Roles.Trader), "remote1", Xunit.TestContext.Current.CancellationToken)).ShouldBeEmpty();
        (await queries.ListAsync(PresetDatabase.User("alice", Roles.Trader), "no-such-engine", filter, Xunit.TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    private static async Task SeedDecisionAsync(PersistenceTestDatabase database, string engineId, string reason)
    {
        var at = database.Time.GetUtcNow();
        await using var db = await database.OpenAsync();
        db.DecisionJournal.Add(new DecisionJournalEntity
        {
            EngineId = engineId,
            Time = at,
            Bar = at,
            InstrumentId = "ETH-USDT-SWAP",
            Rank = 1,
            Score = 0.4,
            Outcome = DecisionOutcome.FilteredOut,
            Reason = reason,
            DetailJson = DecisionJournalCodec.Encode(new DecisionRecord(engineId, at, at, "ETH-USDT-SWAP", 1, 0.4, DecisionOutcome.FilteredOut, reason, [], [], [], [])),
            WrittenAt = at,
        });
        await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
    }
}
