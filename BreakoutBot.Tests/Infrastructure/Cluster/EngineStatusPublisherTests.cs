using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Tests.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// The owner publishes its engine's status only when it changed, and a node that lost the engine (older fencing token)
/// cannot overwrite what the new owner published; a third node reads the new owner's status (ADR-021).
/// </summary>
public sealed class EngineStatusPublisherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly EngineCreateOptions Market = new() { Bars = 1500, WarmupBars = 300, BarIntervalMs = 1 };

    [Fact]
    public async Task ANodeThatLostTheEngineCannotOverwriteTheNewOwnersPublishedStatus()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var a = await LeaseTestNode.StartAsync("a", database, Ct);
        await using var _ = a;
        var b = await LeaseTestNode.StartAsync("b", database, Ct);
        await using var __ = b;
        using var nodeC = new EngineRegistry(NullLoggerFactory.Instance, database.Time, new NullEngineEventSink());
        var readerOnC = new RemoteEngineStatusCache(database.Contexts, nodeC, Options("c"), database.Time, NullLogger<RemoteEngineStatusCache>.Instance);
        (await a.Leases.TryClaimNewAsync("e1", Ct)).ShouldBeTrue();
        var onA = a.Registry.Create("alice", "A", "breakout_v1", Market, "e1");
        await StoreEngineRowAsync(database);
        var publisherA = Publisher(a, database);

        (await publisherA.PublishAsync(Ct)).ShouldBe(1);
        (await publisherA.PublishAsync(Ct)).ShouldBe(0, "nothing changed, nothing written");
        await readerOnC.RefreshAsync(Ct);
        readerOnC.Get("e1").ShouldNotBeNull().PublishedBy.ShouldBe("a");

        // Node a stalls past its lease and node b takes the engine over (token 2) and publishes; a still believes it
        // holds the engine for another minute, and its engine's status changes.
        database.Time.Advance(LeaseTestNode.Lease + TimeSpan.FromSeconds(1));
        (await b.Store.TryAcquireAsync("e1", "b", 1, database.Time.GetUtcNow(), LeaseTestNode.Lease, Ct)).ShouldNotBeNull().Token.ShouldBe(2);
        b.Fence.Hold("e1", 2, database.Time.GetUtcNow() + LeaseTestNode.Lease);
        var onB = b.Registry.Create("alice", "A", "breakout_v1", Market, "e1");
        (await Publisher(b, database).PublishAsync(Ct)).ShouldBe(1);
        a.Fence.Hold("e1", 1, database.Time.GetUtcNow() + TimeSpan.FromMinutes(1));
        (await onA.ExecuteAsync(EngineCommand.Start, null, Ct)).Success.ShouldBeTrue();
        onA.RefreshStatus();

        (await publisherA.PublishAsync(Ct)).ShouldBe(0, "the stale owner's status must not replace the new owner's");

        await using (var db = await database.OpenAsync())
        {
            var row = await db.EngineStatusSnapshots.AsNoTracking().SingleAsync(s => s.EngineId == "e1", Ct);
            (row.Node, row.Token).ShouldBe(("b", 2L));
        }
        (await readerOnC.RefreshAsync(Ct)).ShouldContain("e1");
        var seen = readerOnC.Get("e1").ShouldNotBeNull();
        (seen.PublishedBy, seen.LeaseNode, seen.Status.State).ShouldBe(("b", "b", onB.Status.State));
        seen.Status.State.ShouldNotBe(onA.Status.State);
    }

    private static EngineStatusPublisher Publisher(LeaseTestNode node, PersistenceTestDatabase database) =>
        new(database.Contexts, node.Registry, node.Fence, Options(node.NodeId), database.Time, NullLogger<EngineStatusPublisher>.Instance);

    private static IOptions<ClusterOptions> Options(string nodeId) =>
        Microsoft.Extensions.Options.Options.Create(new ClusterOptions { Enabled = true, NodeId = nodeId, LeaseDuration = LeaseTestNode.Lease, RenewInterval = LeaseTestNode.Renew });

    private static async Task StoreEngineRowAsync(PersistenceTestDatabase database)
    {
        await using var db = await database.OpenAsync();
        if (!await db.Engines.AnyAsync(e => e.Id == "e1", Ct))
        {
            db.Engines.Add(new EngineInstanceEntity { Id = "e1", OwnerUserId = "alice", Name = "A", PresetName = "breakout_v1", CreatedAt = database.Time.GetUtcNow() });
            await db.SaveChangesAsync(Ct);
        }
    }
}
