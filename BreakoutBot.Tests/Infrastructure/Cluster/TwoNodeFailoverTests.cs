using System.Diagnostics;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Hosting;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Servers;
using BreakoutBot.Tests.Web.Browser;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// Two real portal processes as cluster nodes on one PostgreSQL database (ADR-020), the default engine trading on the
/// bundled market: the owner is killed (kill -9) or frozen past its lease (SIGSTOP); the other node must take the engine
/// over and trade it, and nothing may be sent twice or lost. Leases last 8 s here (short, yet long enough for a loaded test machine). Skipped without PostgreSQL.
/// </summary>
public sealed class TwoNodeFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = ClusterPortals.Lease;
    private const string Engine = DemoEngineHost.DefaultEngineId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhenTheOwnerIsKilledTheOtherNodeTradesTheEngineWithinTheBoundAndNothingIsSentTwiceOrLost()
    {
        PostgresServer.SkipUnlessAvailable();
        await using var server = await PostgresServer.StartAsync(Ct);
        await using var database = await MigratedAsync(server);
        await using var a = await NodeAsync("node-a", database);
        await WaitUntilTradingWithOpenPositionsAsync(database, "node-a");
        await using var b = await NodeAsync("node-b", database);
        await WaitForLiveNodeAsync(database, "node-b");

        var tokenBefore = (await OwnerAsync(database))!.Value.Token;
        // The positions stored open right before the kill (read after it, they may all have closed: the engine trades fast).
        var openAtKill = await WaitUntilTradingWithOpenPositionsAsync(database, "node-a");
        var clock = Stopwatch.StartNew();
        await a.KillAsync();

        // Within the lease and 30 s: node b owns the engine and runs its cycles (an equity sample stored after it took the lease).
        await Eventually.WaitUntilAsync(() => ClusterPortals.RunsCyclesUnderLeaseAsync(database, Engine, "node-b", tokenBefore + 1),
            "node b owns the engine and trades it", Lease + TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        var failover = clock.Elapsed;
        output.WriteLine($"Fail-over (kill -9 to the first cycle stored by the new node): {failover.TotalSeconds:F1} s; {openAtKill.Count} position(s) open at the kill.");
        // The log line is read from the process's output asynchronously: it may trail the database by a moment.
        await ClusterPortals.WaitForOutputAsync(b, "moved from node node-a to node node-b", "node b logs that the engine moved to it", TimeSpan.FromSeconds(30));

        // Both are written behind: on a loaded machine they may trail the log line.
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var db = await database.OpenAsync();
            return await db.StateTransitions.AnyAsync(t => t.EngineId == Engine && t.Reason.Contains("moved from node node-a to node node-b"), Ct)
                && await db.AuditLog.AnyAsync(e => e.Action == "engine.moved" && e.Target == Engine, Ct);
        }, "the move is a stored transition and an audit entry", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(200));
        await AssertNothingSentTwiceNothingLostEveryPositionStoppedAsync(database, openAtKill);
    }

    [Fact]
    public async Task AnOwnerFrozenPastItsLeaseSendsNothingWhenItWakesUpAndStepsDown()
    {
        PostgresServer.SkipUnlessAvailable();
        await using var server = await PostgresServer.StartAsync(Ct);
        await using var database = await MigratedAsync(server);
        await using var a = await NodeAsync("node-a", database);
        await WaitUntilTradingWithOpenPositionsAsync(database, "node-a");
        await using var b = await NodeAsync("node-b", database);
        await WaitForLiveNodeAsync(database, "node-b");
        // The engine has traded on node a (above); whether a position is open at the freeze does not matter here.
        (await OwnerAsync(database)).ShouldNotBeNull().Node.ShouldBe("node-a");

        var tokenBefore = (await OwnerAsync(database))!.Value.Token;
        await a.SignalAsync("STOP");
        await Eventually.WaitUntilAsync(() => ClusterPortals.RunsCyclesUnderLeaseAsync(database, Engine, "node-b", tokenBefore + 1),
            "node b took the engine over from the frozen node", Lease + TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        var generationZeroOrders = await GenerationZeroOrdersAsync(database);

        await a.SignalAsync("CONT");
        await ClusterPortals.WaitForOutputAsync(a, "Engine default: node node-a steps down", "node a steps down once it runs again", TimeSpan.FromSeconds(30));

        (await OwnerAsync(database)).ShouldBe(("node-b", tokenBefore + 1), "the frozen node did not take the lease back");
        await Eventually.StaysTrueAsync(() => GenerationZeroOrdersAsync(database).GetAwaiter().GetResult() == generationZeroOrders,
            "no order of the frozen node's engine is stored after it woke up", TimeSpan.FromSeconds(3));
        a.Output.ShouldNotContain("Engine default restored");
        await AssertNothingSentTwiceNothingLostEveryPositionStoppedAsync(database, []);
    }

    private static async Task<PersistenceTestDatabase> MigratedAsync(PostgresServer server) => await ClusterPortals.MigratedAsync(server);

    private static Task<PortalProcess> NodeAsync(string nodeId, PersistenceTestDatabase database) => ClusterPortals.NodeAsync(nodeId, database);

    private static Task<List<string>> WaitUntilTradingWithOpenPositionsAsync(PersistenceTestDatabase database, string owner) =>
        ClusterPortals.WaitUntilTradingWithOpenPositionsAsync(database, Engine, owner);

    private static Task WaitForLiveNodeAsync(PersistenceTestDatabase database, string node) => ClusterPortals.WaitForLiveNodeAsync(database, node);

    private static Task<(string Node, long Token)?> OwnerAsync(PersistenceTestDatabase database) => ClusterPortals.OwnerAsync(database, Engine);

    /// <summary>Orders of the engine as the first node ran it (generation 0: client ids without the "r1" restore scope).</summary>
    private static async Task<int> GenerationZeroOrdersAsync(PersistenceTestDatabase database)
    {
        await using var db = await database.OpenAsync();
        var ids = await db.Orders.Where(o => o.EngineId == Engine).Select(o => o.ClientOrderId).ToListAsync(Ct);
        return ids.Count(id => !id.Contains("r1", StringComparison.Ordinal));
    }

    private static Task AssertNothingSentTwiceNothingLostEveryPositionStoppedAsync(PersistenceTestDatabase database, IReadOnlyList<string> openAtKill) =>
        ClusterPortals.AssertNothingSentTwiceNothingLostEveryPositionStoppedAsync(database, Engine, openAtKill);
}
