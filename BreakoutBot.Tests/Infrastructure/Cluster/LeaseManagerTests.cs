using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>The lease protocol on a real (SQLite) database with a fake clock (ADR-020).</summary>
public sealed class LeaseManagerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EngineCreateOptions Small() => new() { StartingBalance = 10_000m, Bars = 1500, WarmupBars = 300, BarIntervalMs = 1 };

    [Fact]
    public async Task AFreeLeaseGoesToOneNodeWithTokenOneAndNoOtherNodeCanTakeItWhileItIsRenewed()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var now = database.Time.GetUtcNow();
        var a = await LeaseTestNode.StartAsync("a", database, Ct);
        await using var _ = a;
        var b = await LeaseTestNode.StartAsync("b", database, Ct);
        await using var __ = b;

        var grant = (await a.Store.TryAcquireAsync("e1", "a", null, now, LeaseTestNode.Lease, Ct)).ShouldNotBeNull();
        grant.Token.ShouldBe(1);
        (await b.Store.TryAcquireAsync("e1", "b", null, now, LeaseTestNode.Lease, Ct)).ShouldBeNull("the row exists: inserting it again fails");
        (await b.Store.TryAcquireAsync("e1", "b", 1, now, LeaseTestNode.Lease, Ct)).ShouldBeNull("not expired yet");

        database.Time.Advance(TimeSpan.FromSeconds(3));
        (await a.Store.TryRenewAsync("e1", "a", 1, database.Time.GetUtcNow(), LeaseTestNode.Lease, Ct)).ShouldBeTrue();
        database.Time.Advance(TimeSpan.FromSeconds(3));
        (await b.Store.TryAcquireAsync("e1", "b", 1, database.Time.GetUtcNow(), LeaseTestNode.Lease, Ct)).ShouldBeNull("the renewal pushed the expiry on");
        (await b.Store.TryRenewAsync("e1", "b", 1, database.Time.GetUtcNow(), LeaseTestNode.Lease, Ct)).ShouldBeFalse("only the owner renews");
    }

    [Fact]
    public async Task AnExpiredLeaseGoesToTheNextNodeWithTheNextTokenAndTheOldOwnerCannotRenewIt()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var a = await LeaseTestNode.StartAsync("a", database, Ct);
        await using var _ = a;
        var b = await LeaseTestNode.StartAsync("b", database, Ct);
        await using var __ = b;
        (await a.Store.TryAcquireAsync("e1", "a", null, database.Time.GetUtcNow(), LeaseTestNode.Lease, Ct)).ShouldNotBeNull();

        database.Time.Advance(LeaseTestNode.Lease + TimeSpan.FromMilliseconds(1));
        var grant = (await b.Store.TryAcquireAsync("e1", "b", 1, database.Time.GetUtcNow(), LeaseTestNode.Lease, Ct)).ShouldNotBeNull();
        var third = await a.Store.TryAcquireAsync("e1", "a", 1, database.Time.GetUtcNow(), LeaseTestNode.Lease, Ct);

        grant.Token.ShouldBe(2);
        grant.PreviousOwner.ShouldBe("a");
        third.ShouldBeNull("the token it saw is gone: only one node wins a lease");
        (await a.Store.TryRenewAsync("e1", "a", 1, database.Time.GetUtcNow(), LeaseTestNode.Lease, Ct)).ShouldBeFalse();
        (await a.Store.IsCurrentAsync("e1", "a", 1, database.Time.GetUtcNow(), Ct)).ShouldBeFalse();
        (await b.Store.IsCurrentAsync("e1", "b", 2, database.Time.GetUtcNow(), Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task ANodeWhoseRenewalIsRefusedStepsDownAtOnceAndTheOtherNodeResumesTheEngineTrading()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var a = await LeaseTestNode.StartAsync("a", database, Ct);
        await using var _ = a;
        var b = await LeaseTestNode.StartAsync("b", database, Ct);
        await using var __ = b;

        (await a.Leases.TryClaimNewAsync("e1", Ct)).ShouldBeTrue();
        var handle = a.Registry.Create("alice", "Alice's engine", "breakout_v1", Small(), "e1");
        await a.Instances.SaveAsync(handle, Ct);
        (await handle.ExecuteAsync(EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();
        for (var i = 0; i < 20; i++)
        {
            await handle.RunCycleAsync(Ct);
        }
        await Eventually.WaitUntilAsync(() => a.Writer.QueueDepth == 0 && a.Writer.Held == 0, "node a wrote what its engine did", TimeSpan.FromSeconds(10));
        (await b.Leases.TryClaimNewAsync("e1", Ct)).ShouldBeFalse("the engine exists in the cluster: it is not created twice");

        // Node a stalls past its lease; node b takes the engine over.
        database.Time.Advance(LeaseTestNode.Lease + TimeSpan.FromSeconds(1));
        await b.Leases.RenewPassAsync(Ct);
        await b.Leases.BalancePassAsync(Ct);

        var moved = b.Registry.Get("e1").ShouldNotBeNull();
        b.Fence.TokenFor("e1").ShouldBe(2);
        moved.Engine.State.ShouldNotBe(TradingState.Paused, "a fail-over resumes a trading engine");
        moved.Engine.State.IsTradingActive().ShouldBeTrue();
        moved.Restored.ShouldNotBeNull().Move.ShouldBe(new EngineMove("a", "b"));
        b.Audit.Entries.ShouldContain(e => e.Action == "engine.moved" && e.Target == "e1" && e.Details!.Contains("moved from node a to node b"));

        // Node a wakes up: its renewal is refused and it steps down without deleting anything.
        await a.Leases.RenewPassAsync(Ct);
        a.Registry.Get("e1").ShouldBeNull();
        a.Fence.TokenFor("e1").ShouldBeNull();
        await using var db = await database.OpenAsync();
        (await db.Engines.CountAsync(e => e.Id == "e1", Ct)).ShouldBe(1, "stepping down keeps the engine stored");
        (await db.EngineLeases.SingleAsync(l => l.EngineId == "e1", Ct)).OwnerNode.ShouldBe("b");
        await Eventually.WaitUntilAsync(async () => await db.StateTransitions.AnyAsync(t => t.EngineId == "e1" && t.Reason.Contains("moved from node a to node b"), Ct),
            "the move is a stored transition", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AKillSwitchFiredBeforeAStopSurvivesAFailOverAndTheNewNodeRefusesAStartUntilAReset()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var a = await LeaseTestNode.StartAsync("a", database, Ct);
        await using var _ = a;
        var b = await LeaseTestNode.StartAsync("b", database, Ct);
        await using var __ = b;
        (await a.Leases.TryClaimNewAsync("e1", Ct)).ShouldBeTrue();
        var handle = a.Registry.Create("alice", "Alice's engine", "breakout_v1", Small(), "e1");
        await a.Instances.SaveAsync(handle, Ct);
        (await handle.ExecuteAsync(EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();
        for (var i = 0; i < 20; i++)
        {
            await handle.RunCycleAsync(Ct);
        }
        (await handle.ExecuteAsync(EngineCommand.KillSwitch, null, Ct)).Success.ShouldBeTrue();
        var fired = handle.Status.KillSwitch;
        (await handle.ExecuteAsync(EngineCommand.Stop, null, Ct)).Success.ShouldBeTrue();
        var refused = await handle.ExecuteAsync(EngineCommand.Start, "breakout_v1", Ct);
        refused.Success.ShouldBeFalse();
        await Eventually.WaitUntilAsync(() => a.Writer.QueueDepth == 0 && a.Writer.Held == 0, "node a wrote what its engine did", TimeSpan.FromSeconds(10));

        // Node a stalls past its lease; node b rebuilds the engine from the database.
        database.Time.Advance(LeaseTestNode.Lease + TimeSpan.FromSeconds(1));
        await b.Leases.RenewPassAsync(Ct);
        await b.Leases.BalancePassAsync(Ct);

        var moved = b.Registry.Get("e1").ShouldNotBeNull();
        moved.Restored.ShouldNotBeNull().Move.ShouldBe(new EngineMove("a", "b"));
        moved.Engine.State.ShouldBe(TradingState.Stopped);
        moved.Status.KillSwitch.ShouldBe(fired);
        var start = await moved.ExecuteAsync(EngineCommand.Start, "breakout_v1", Ct);
        start.Success.ShouldBeFalse("a fail-over must not stand in for the reset");
        start.Message.ShouldBe(refused.Message);
        (await moved.ExecuteAsync(EngineCommand.Reset, null, Ct)).Success.ShouldBeTrue();
        (await moved.ExecuteAsync(EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();
    }

    [Fact]
    public async Task ANodeThatCannotReachTheDatabaseStepsDownWhenItsLeaseExpiresByItsOwnClock()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var a = await LeaseTestNode.StartAsync("a", database, Ct);
        await using var _ = a;
        (await a.Leases.TryClaimNewAsync("e1", Ct)).ShouldBeTrue();
        a.Registry.Create("alice", "A", "breakout_v1", Small(), "e1");
        var expiry = a.Fence.LocalExpiryOf("e1").ShouldNotBeNull();
        expiry.ShouldBe(database.Time.GetUtcNow() + LeaseTestNode.Lease, "counted from before the statement was sent");

        // The database file disappears under the node: every renewal fails.
        await using (var db = await database.OpenAsync())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"EngineLeases\"", Ct);
        }
        database.Time.Advance(LeaseTestNode.Lease - TimeSpan.FromMilliseconds(500));
        await a.Leases.RenewPassAsync(Ct);
        a.Registry.Get("e1").ShouldNotBeNull("still within its lease by its own clock");
        a.Fence.IsValidLocally("e1").ShouldBeTrue();

        database.Time.Advance(TimeSpan.FromMilliseconds(500));
        await a.Leases.RenewPassAsync(Ct);
        a.Registry.Get("e1").ShouldBeNull();
        a.Fence.IsValidLocally("e1").ShouldBeFalse();
    }
}
