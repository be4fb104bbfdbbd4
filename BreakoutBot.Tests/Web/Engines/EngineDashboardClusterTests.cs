using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Engines;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Web.Engines;

/// <summary>
/// In a cluster, the dashboard of an engine that runs on another node says where it runs and shows the live status that
/// node publishes (ADR-021), following each newer one, to those who may see it.
/// </summary>
public sealed class EngineDashboardClusterTests : BunitTest
{
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());

    private async Task<PersistenceTestDatabase> ClusterWithAliceEngineOnNodeBAsync()
    {
        AddEngineServices(_registry);
        var database = await PersistenceTestDatabase.CreateAsync();
        var now = database.Time.GetUtcNow();
        await using (var db = await database.OpenAsync())
        {
            db.Engines.Add(new EngineInstanceEntity { Id = "remote1", OwnerUserId = "alice", Name = "Alice's far engine", PresetName = "breakout_v1", CreatedAt = now });
            db.EngineLeases.Add(new EngineLeaseEntity { EngineId = "remote1", OwnerNode = "node-b", Token = 2, AcquiredAt = now, RenewedAt = now, ExpiresAt = now.AddSeconds(10) });
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }
        Services.AddSingleton(new ClusterStatusQueries(database.Contexts, Options.Create(new ClusterOptions { Enabled = true, NodeId = "node-a" }), database.Time));
        return database;
    }

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

    /// <summary>
    /// Writes the snapshot row node B would publish for <c>remote1</c> and lets this node (node A) read it: a new cache
    /// registered for the page the first time, the same one read again afterwards.
    /// </summary>
    private async Task<RemoteEngineStatusCache> PublishAsync(PersistenceTestDatabase database, TradingState state, long cycles, decimal equity, IReadOnlyList<EngineCommand> commands, RemoteEngineStatusCache? cache = null)
    {
        var now = database.Time.GetUtcNow();
        StateTransition[] transitions = state == TradingState.Idle ? [] : [new StateTransition(TradingState.Idle, state, "start", new Dictionary<string, string>(), now, false)];
        var status = new EngineStatus("remote1", state, null, "breakout_v1", TradingMode.Paper, "paper", null, 0, 3, 3, equity, equity, equity - 1_000m, 0, 0,
            new KillSwitchState(false, null, null), now, cycles, null, commands, [], transitions, now, 0, 0m, DayStartEquity: 1_000m);
        var payload = new RemoteEnginePayload("Alice's far engine", now, "breakout_v1", 1, TradingMode.Paper, IsReplay: true, StoredData: false, "generated market",
            10, 600, false, status, null, [new EquitySample(now, equity)], null);
        await using (var db = await database.OpenAsync())
        {
            var row = await db.EngineStatusSnapshots.FindAsync(["remote1"], Xunit.TestContext.Current.CancellationToken);
            if (row is null)
            {
                row = new EngineStatusSnapshotEntity { EngineId = "remote1", Node = "node-b", Token = 2 };
                db.EngineStatusSnapshots.Add(row);
            }
            row.Revision++;
            row.PublishedAt = now;
            row.Payload = RemoteEngineJson.Write(payload);
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }
        if (cache is null)
        {
            cache = new RemoteEngineStatusCache(database.Contexts, _registry, Options.Create(new ClusterOptions { Enabled = true, NodeId = "node-a" }), database.Time, NullLogger<RemoteEngineStatusCache>.Instance);
            Services.AddSingleton(cache);
        }
        await cache.RefreshAsync(Xunit.TestContext.Current.CancellationToken);
        return cache;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _registry.Dispose();
    }
}
