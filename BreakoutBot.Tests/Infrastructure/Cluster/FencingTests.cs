using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Journal;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// A node that stalled and lost its lease but still believes it holds it (its local expiry not reached): its orders are
/// refused before they reach the exchange and its stored writes are dropped, while the new owner's go through (ADR-020).
/// </summary>
public sealed class FencingTests
{
    /// <summary>How long the writers may take to store what they were given: generous, as a loaded machine (the browser
    /// measurements' 50 tabs) made the journals' 20 cycles miss a 10-second deadline now and then.</summary>
    private static readonly TimeSpan WriteDeadline = TimeSpan.FromSeconds(45);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStaleTokensOrderAndWriteAreRefusedAndTheNewOwnersAreNot()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var a = await LeaseTestNode.StartAsync("a", database, Ct);
        await using var _ = a;
        var b = await LeaseTestNode.StartAsync("b", database, Ct);
        await using var __ = b;
        (await a.Leases.TryClaimNewAsync("e1", Ct)).ShouldBeTrue();
        var handle = a.Registry.Create("alice", "A", "breakout_v1", new EngineCreateOptions { Bars = 1500, WarmupBars = 300, BarIntervalMs = 1 }, "e1");
        var exchange = new RecordingExchange(handle.Market.Exchange);
        var fencedOnA = new FencedExchangeClient("e1", exchange, a.Fence);
        var order = new OrderRequest("c1", handle.Market.InstrumentIds[0], OrderSide.Buy, OrderType.Limit, 1m, Price: 1m);

        await fencedOnA.PlaceOrderAsync(order, Ct);
        exchange.Placed.Count.ShouldBe(1, "the owner's order reaches the exchange");

        // Node a stalls past its lease, node b takes it (token 2); a still believes its lease runs for another minute.
        await StaleTakeOverAsync(database, a, b);

        var refused = await fencedOnA.PlaceOrderAsync(order with { ClientOrderId = "c2" }, Ct);
        var cancel = await fencedOnA.CancelOrderAsync(order.InstrumentId, "P1", Ct);

        refused.IsSuccess.ShouldBeFalse();
        refused.Error.ShouldBe(ExchangeErrorCode.Rejected);
        refused.Message.ShouldNotBeNull().ShouldContain("another node holds");
        cancel.Error.ShouldBe(ExchangeErrorCode.Rejected);
        exchange.Placed.Count.ShouldBe(1, "nothing more was sent by the stale node");
        a.Fence.RefusedOrders.ShouldBe(2);

        var transition = new StateTransition(TradingState.Scanning, TradingState.Paused, "", new Dictionary<string, string>(), database.Time.GetUtcNow(), false);
        a.Writer.Publish(new StateChangedEvent("e1", database.Time.GetUtcNow(), transition with { Reason = "written by the stale node" }));
        b.Writer.Publish(new StateChangedEvent("e1", database.Time.GetUtcNow(), transition with { Reason = "written by the new owner" }));
        await Eventually.WaitUntilAsync(() => a.Writer.QueueDepth + a.Writer.Held + b.Writer.QueueDepth + b.Writer.Held == 0 && b.Writer.Written > 0,
            "both writers are drained", WriteDeadline);

        await using var db = await database.OpenAsync();
        var reasons = await db.StateTransitions.Where(t => t.EngineId == "e1").Select(t => t.Reason).ToListAsync(Ct);
        reasons.ShouldContain("written by the new owner");
        reasons.ShouldNotContain("written by the stale node");
        a.Fence.RefusedWrites.ShouldBe(1);
    }

    [Fact]
    public async Task AStaleNodeCannotOverwriteTheEnginesRowTheNewOwnerSaved()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var a = await LeaseTestNode.StartAsync("a", database, Ct);
        await using var _ = a;
        var b = await LeaseTestNode.StartAsync("b", database, Ct);
        await using var __ = b;
        (await a.Leases.TryClaimNewAsync("e1", Ct)).ShouldBeTrue();
        var onA = a.Registry.Create("alice", "A", "breakout_v1", new EngineCreateOptions { Bars = 1500, WarmupBars = 300, BarIntervalMs = 1 }, "e1");
        (await a.Instances.SaveAsync(onA, Ct)).ShouldBeTrue("the owner inserts the row");
        (await a.Instances.SaveAsync(onA, Ct)).ShouldBeTrue("and updates it while it holds the lease");

        // Node a stalls past its lease; node b takes the engine over (token 2) and saves its row; a still believes it holds it.
        await StaleTakeOverAsync(database, a, b);
        var onB = await b.Registry.RestoreAsync((await b.Instances.LoadAsync("e1", Ct)).ShouldNotBeNull(), Ct);
        (await onA.ExecuteAsync(EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();
        (await b.Instances.SaveAsync(onB, Ct)).ShouldBeTrue("the new owner saves");

        var refusedBefore = a.Fence.RefusedWrites;
        (await a.Instances.SaveAsync(onA, Ct)).ShouldBeFalse("the stale node's update is dropped");

        await using var db = await database.OpenAsync();
        var row = await db.Engines.AsNoTracking().SingleAsync(e => e.Id == "e1", Ct);
        row.Generation.ShouldBe(onB.Generation);
        row.LastKnownState.ShouldBe(onB.Engine.State);
        row.LastKnownState.ShouldNotBe(onA.Engine.State, "the stale node's state change is not stored");
        a.Fence.RefusedWrites.ShouldBeGreaterThanOrEqualTo(refusedBefore + 1, "the dropped update is counted (with what the stale writer drops meanwhile)");
    }

    [Fact]
    public async Task AStaleNodesDecisionJournalIsDroppedAndTheNewOwnersIsStored()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var a = await LeaseTestNode.StartAsync("a", database, Ct);
        await using var _ = a;
        var b = await LeaseTestNode.StartAsync("b", database, Ct);
        await using var __ = b;
        (await a.Leases.TryClaimNewAsync("e1", Ct)).ShouldBeTrue();
        using var journalA = Journal(database, a.Fence);
        using var journalB = Journal(database, b.Fence);
        await journalA.StartAsync(Ct);
        await journalB.StartAsync(Ct);
        var handle = a.Registry.Create("alice", "A", "breakout_v1", new EngineCreateOptions { Bars = 1500, WarmupBars = 300, BarIntervalMs = 1 }, "e1");
        var feedB = false;
        using var subscription = handle.Engine.Subscribe(e =>
        {
            journalA.Observe(e);
            if (feedB)
            {
                journalB.Observe(e);
            }
        });
        (await handle.ExecuteAsync(EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();
        for (var i = 0; i < 20; i++)
        {
            await handle.RunCycleAsync(Ct);
        }
        // Every record the owner handed to the database is stored (a batch is counted before its transaction commits).
        await Eventually.WaitUntilAsync(async () => journalA.QueueDepth + journalA.Held == 0 && journalA.Written > 0 && await JournalRowsAsync(database) == journalA.Written,
            "the owner's journal is stored", WriteDeadline);
        var storedByOwner = await JournalRowsAsync(database);
        var refusedBefore = a.Fence.RefusedWrites;

        // Node a stalls past its lease and node b takes the engine (token 2); a still believes it holds it.
        await StaleTakeOverAsync(database, a, b);
        feedB = true;
        for (var i = 0; i < 20; i++)
        {
            await handle.RunCycleAsync(Ct);
        }
        await Eventually.WaitUntilAsync(async () => journalA.QueueDepth + journalA.Held + journalB.QueueDepth + journalB.Held == 0
                && journalB.Written > 0 && journalA.Written > storedByOwner,
            "both journals handed their records to the database", WriteDeadline);

        // Both nodes saw the same events after the take-over (the stale one may also flush what its recorder held from
        // before, which the new owner's never saw): every record the stale node handed over was refused, and only the
        // new owner's were stored.
        (a.Fence.RefusedWrites - refusedBefore).ShouldBeGreaterThanOrEqualTo(journalA.Written - storedByOwner);
        (await JournalRowsAsync(database)).ShouldBe(storedByOwner + (int)journalB.Written);
    }

    /// <summary>Node a stalls past its lease of e1 and node b takes it (token 2), while a still believes its lease runs for another minute.</summary>
    private static async Task StaleTakeOverAsync(PersistenceTestDatabase database, LeaseTestNode a, LeaseTestNode b)
    {
        database.Time.Advance(LeaseTestNode.Lease + TimeSpan.FromSeconds(1));
        (await b.Store.TryAcquireAsync("e1", "b", 1, database.Time.GetUtcNow(), LeaseTestNode.Lease, Ct)).ShouldNotBeNull().Token.ShouldBe(2);
        b.Fence.Hold("e1", 2, database.Time.GetUtcNow() + LeaseTestNode.Lease);
        a.Fence.Hold("e1", 1, database.Time.GetUtcNow() + TimeSpan.FromMinutes(1));
    }

    private static async Task<int> JournalRowsAsync(PersistenceTestDatabase database)
    {
        await using var db = await database.OpenAsync();
        return await db.DecisionJournal.CountAsync(r => r.EngineId == "e1", Ct);
    }

    private static DecisionJournalWriter Journal(PersistenceTestDatabase database, EngineFence fence) =>
        new(database.Contexts, Microsoft.Extensions.Options.Options.Create(LeaseTestNode.WriterOptions),
            Microsoft.Extensions.Options.Options.Create(new JournalOptions()), database.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<DecisionJournalWriter>.Instance, fence);

    [Fact]
    public async Task OnASingleNodeNothingIsCheckedAndNoLeaseIsWritten()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var options = Microsoft.Extensions.Options.Options.Create(new ClusterOptions());
        var fence = new EngineFence(options, new LeaseStore(database.Contexts), database.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<EngineFence>.Instance);

        (await fence.RefuseOrderAsync("e1", Ct)).ShouldBeNull();
        fence.IsValidLocally("e1").ShouldBeTrue();
        await using var db = await database.OpenAsync();
        (await fence.RefusedWritersAsync(db, ["e1"], Ct)).ShouldBeEmpty();
        (await db.EngineLeases.CountAsync(Ct)).ShouldBe(0);
    }
}
