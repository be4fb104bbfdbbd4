using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Servers;
using BreakoutBot.Tests.Web.Browser;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// Real portal processes as cluster nodes on one PostgreSQL database (ADR-020), for the fail-over tests: starting a node
/// with short leases, and reading from the shared database who owns an engine, what it stored and whether every open
/// position kept its stop.
/// </summary>
internal static class ClusterPortals
{
    /// <summary>Leases of the nodes started here: short, yet long enough for a loaded test machine.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The preset the nodes' default engine trades (see <see cref="MigratedAsync"/>).</summary>
    public const string DemoPreset = "cluster_demo";

    /// <summary>
    /// A migrated database holding <see cref="DemoPreset"/>: breakout_v1 with its kill switch as loose as the preset rules
    /// allow, so that on a loaded machine (where a replay paced by the wall clock skips bars and trades differently) a
    /// losing streak does not put the default engine into EMERGENCY before the fail-over it is there for.
    /// </summary>
    public static async Task<PersistenceTestDatabase> MigratedAsync(PostgresServer server)
    {
        var database = await PersistenceTestDatabase.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:BreakoutBot"] = await server.CreateDatabaseAsync(Ct),
        });
        var presets = new PresetStore(database.Contexts, new RecordingAuditLog(), TimeProvider.System, NullLogger<PresetStore>.Instance);
        await presets.SeedCatalogAsync(Ct);
        var source = PresetCatalog.Get("breakout_v1");
        var loose = source with
        {
            Name = DemoPreset,
            Risk = source.Risk with { MaxConsecutiveLosses = 20, DailyRiskLimit = 1, KillSwitchLossLimit = 1, KillSwitchDrawdownFromDayHigh = 1 },
        };
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "test"), new Claim(ClaimTypes.Name, "test"), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
        var saved = await presets.CloneAsync(admin, "breakout_v1", DemoPreset, loose, Ct);
        saved.Status.ShouldBe(PresetSaveStatus.Saved, saved.Message);
        return database;
    }

    public static string ConnectionString(PersistenceTestDatabase database) => database.Contexts.CreateDbContext().Database.GetConnectionString()!;

    /// <summary>A portal process as cluster node <paramref name="nodeId"/>, its default engine replaying a bar every 50 ms; <paramref name="extra"/> settings win.</summary>
    public static Task<PortalProcess> NodeAsync(string nodeId, PersistenceTestDatabase database, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__BreakoutBot"] = ConnectionString(database),
            // A replay long enough not to run out of bars while the nodes start, die and take over.
            ["DemoEngine__Bars"] = "20000",
            ["DemoEngine__Preset"] = DemoPreset,
            ["Cluster__Enabled"] = "true",
            ["Cluster__NodeId"] = nodeId,
            ["Cluster__LeaseDuration"] = "00:00:08",
            ["Cluster__RenewInterval"] = "00:00:01",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return PortalProcess.StartAsync(Ct, barIntervalMs: 50, extraEnvironment: environment);
    }

    public static async Task<(string Node, long Token)?> OwnerAsync(PersistenceTestDatabase database, string engineId)
    {
        await using var db = await database.OpenAsync();
        var lease = await db.EngineLeases.AsNoTracking().FirstOrDefaultAsync(l => l.EngineId == engineId, Ct);
        return lease is null ? null : (lease.OwnerNode, lease.Token);
    }

    public static async Task WaitForLiveNodeAsync(PersistenceTestDatabase database, string node)
    {
        await using var db = await database.OpenAsync();
        await Eventually.WaitUntilAsync(async () => await db.ClusterNodes.AnyAsync(n => n.NodeId == node, Ct), $"{node} heartbeats", TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Waits until <paramref name="owner"/> runs the engine with a position stored open, and returns the open positions it
    /// saw then (the engines here open and close positions every few bars: read later, they may all be closed).
    /// </summary>
    public static async Task<List<string>> WaitUntilTradingWithOpenPositionsAsync(PersistenceTestDatabase database, string engineId, string owner)
    {
        List<string> open = [];
        if (!await Eventually.TryWaitUntilAsync(async () => await OwnerAsync(database, engineId) is var (node, _) && node == owner && (open = await OpenPositionIdsAsync(database, engineId)).Count > 0,
            TimeSpan.FromSeconds(180), TimeSpan.FromMilliseconds(200)))
        {
            throw new TimeoutException($"Timed out after 180 s waiting for {owner} to run engine {engineId} with an open position; {await DescribeAsync(database, engineId)}");
        }
        return open;
    }

    /// <summary>What the database holds of an engine (for a failure message).</summary>
    public static async Task<string> DescribeAsync(PersistenceTestDatabase database, string engineId)
    {
        await using var db = await database.OpenAsync();
        var positions = await db.Positions.Where(p => p.EngineId == engineId).GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(Ct);
        var orders = await db.Orders.CountAsync(o => o.EngineId == engineId, Ct);
        var transitions = await db.StateTransitions.Where(t => t.EngineId == engineId).OrderByDescending(t => t.Id).Take(5).Select(t => t.From + "->" + t.To + ": " + t.Reason).ToListAsync(Ct);
        return $"owner {await OwnerAsync(database, engineId)}, positions {string.Join(", ", positions.Select(p => $"{p.Key} {p.Count}"))}, {orders} orders, last transitions: {string.Join(" | ", transitions)}";
    }

    /// <summary>
    /// True when <paramref name="node"/> holds the engine's lease under <paramref name="token"/> and has stored an equity
    /// sample since it took the lease: a cycle the new owner ran (the old owner's write-behind may still land a sample
    /// written just before it died, which must not count).
    /// </summary>
    public static async Task<bool> RunsCyclesUnderLeaseAsync(PersistenceTestDatabase database, string engineId, string node, long token)
    {
        await using var db = await database.OpenAsync();
        var lease = await db.EngineLeases.AsNoTracking().FirstOrDefaultAsync(l => l.EngineId == engineId, Ct);
        if (lease is null || lease.OwnerNode != node || lease.Token != token)
        {
            return false;
        }
        return await db.EquitySnapshots.AnyAsync(q => q.EngineId == engineId && q.WrittenAt > lease.AcquiredAt, Ct);
    }

    /// <summary>Waits for <paramref name="text"/> in a node's output; the failure shows the output's last lines.</summary>
    public static async Task WaitForOutputAsync(PortalProcess node, string text, string what, TimeSpan timeout)
    {
        if (!await Eventually.TryWaitUntilAsync(() => node.Output.Contains(text, StringComparison.Ordinal), timeout))
        {
            var lines = node.Output.Split('\n');
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {what}. The node's last output:\n{string.Join('\n', lines.TakeLast(60))}");
        }
    }

    public static async Task<List<string>> OpenPositionIdsAsync(PersistenceTestDatabase database, string engineId)
    {
        await using var db = await database.OpenAsync();
        return await db.Positions.Where(p => p.EngineId == engineId && p.Status == PositionStatus.Open).Select(p => p.PositionId).ToListAsync(Ct);
    }

    /// <summary>
    /// What the engine stored across the run: once the new owner's writes settle every open position has its stop stored as
    /// a resting order; no client order id was stored twice; every position open at the fail-over is still there (open, or
    /// closed with a reason).
    /// </summary>
    public static async Task AssertNothingSentTwiceNothingLostEveryPositionStoppedAsync(PersistenceTestDatabase database, string engineId, IReadOnlyList<string> openAtKill)
    {
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var db = await database.OpenAsync();
            var open = await db.Positions.Where(p => p.EngineId == engineId && p.Status == PositionStatus.Open).ToListAsync(Ct);
            var resting = await db.Orders.Where(o => o.EngineId == engineId && (o.Status == OrderStatus.New || o.Status == OrderStatus.PartiallyFilled))
                .Select(o => o.OrderId).ToListAsync(Ct);
            return open.All(p => p.StopOrderId is not null && resting.Contains(p.StopOrderId));
        }, $"every open position of engine {engineId} has a resting stop", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));

        await using var check = await database.OpenAsync();
        var clientIds = await check.Orders.Where(o => o.EngineId == engineId).Select(o => o.ClientOrderId).ToListAsync(Ct);
        clientIds.ShouldNotBeEmpty();
        clientIds.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("no client order id was sent twice");
        var positions = await check.Positions.Where(p => openAtKill.Contains(p.PositionId) && p.EngineId == engineId).ToListAsync(Ct);
        positions.Count.ShouldBe(openAtKill.Count, "no position open at the fail-over vanished");
        positions.Where(p => p.Status == PositionStatus.Closed).ShouldAllBe(p => p.CloseReason != null);
    }
}
