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
/// The cluster rig of the page tests: node A is this portal, node B runs Alice's engine <c>remote1</c> (its stored row and
/// lease are in the shared database) and publishes its status as rows this node reads (ADR-021).
/// </summary>
public abstract class ClusterPageTest : BunitTest
{
    protected EngineRegistry Registry { get; } = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());

    protected async Task<PersistenceTestDatabase> ClusterWithAliceEngineOnNodeBAsync()
    {
        AddEngineServices(Registry);
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

    protected static ScanTable OneRowScan(PersistenceTestDatabase database) =>
        new(database.Time.GetUtcNow(), 1, 1, [], [new ScanTableRow(1, "SOL-USDT-SWAP", true, 0.8, [])]);

    protected static EngineCommandQueue Queue(PersistenceTestDatabase database, string node) =>
        new(database.Contexts, Options.Create(new ClusterOptions { Enabled = true, NodeId = node }), TimeProvider.System);

    /// <summary>
    /// Writes the snapshot row node B would publish for <c>remote1</c> and lets this node (node A) read it: a new cache
    /// registered for the page the first time, the same one read again afterwards.
    /// </summary>
    protected async Task<RemoteEngineStatusCache> PublishAsync(PersistenceTestDatabase database, TradingState state, long cycles, decimal equity, IReadOnlyList<EngineCommand> commands, RemoteEngineStatusCache? cache = null, ScanTable? scan = null, IReadOnlyList<SignalRow>? signals = null,
        ReconciliationReport? reconciliation = null, OkxMarketDataSummary? live = null, IReadOnlyList<PositionSummary>? positions = null)
    {
        positions ??= [];
        var now = database.Time.GetUtcNow();
        StateTransition[] transitions = state == TradingState.Idle ? [] : [new StateTransition(TradingState.Idle, state, "start", new Dictionary<string, string>(), now, false)];
        var status = new EngineStatus("remote1", state, null, "breakout_v1", TradingMode.Paper, "paper", null, positions.Count, 3, 3 - positions.Count, equity, equity, equity - 1_000m, 0, 0,
            new KillSwitchState(false, null, null), now, cycles, null, commands, positions, transitions, now, 0, 0m, DayStartEquity: 1_000m);
        var payload = new RemoteEnginePayload("Alice's far engine", now, "breakout_v1", 1, TradingMode.Paper, IsReplay: true, StoredData: false, "generated market",
            10, 600, false, status, null, [new EquitySample(now, equity)], null, scan, signals, reconciliation, live, live is null ? null : []);
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
            cache = new RemoteEngineStatusCache(database.Contexts, Registry, Options.Create(new ClusterOptions { Enabled = true, NodeId = "node-a" }), database.Time, NullLogger<RemoteEngineStatusCache>.Instance);
            Services.AddSingleton(cache);
        }
        await cache.RefreshAsync(Xunit.TestContext.Current.CancellationToken);
        return cache;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        Registry.Dispose();
    }
}
