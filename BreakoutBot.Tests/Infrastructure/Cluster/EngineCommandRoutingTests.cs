using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Engines.Components;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// Requests sent on a cluster node that does not run the engine reach the node that does (ADR-020): a command, applying a
/// preset version and removing the engine are authorised on the sending node against the engine's stored owner, queued,
/// run by the owner node (<see cref="EngineCommandRunner"/>) and answered with its outcome; a market chart asked for on
/// the other node is drawn by the owner from its engine (ADR-021). On a real (SQLite) database.
/// </summary>
public sealed class EngineCommandRoutingTests : IAsyncLifetime
{
    private const string EngineId = "e1";
    private PersistenceTestDatabase _database = null!;
    private PresetStore _presets = null!;
    private LeaseTestNode _a = null!;
    private LeaseTestNode _b = null!;
    private EngineCommandService _onA = null!;
    private EngineCommandService _onB = null!;
    private EngineCommandRunner _runnerOnA = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ClaimsPrincipal User(string id, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id + "@example.test"), new Claim(ClaimTypes.Role, role)], "test"));

    public async ValueTask InitializeAsync()
    {
        _database = await PersistenceTestDatabase.CreateAsync();
        _presets = new PresetStore(_database.Contexts, new LeaseTestNode.RecordingAudit(), _database.Time, NullLogger<PresetStore>.Instance);
        await _presets.SeedCatalogAsync(Ct);
        _a = await LeaseTestNode.StartAsync("a", _database, Ct, _presets);
        _b = await LeaseTestNode.StartAsync("b", _database, Ct, _presets);
        _onA = Service(_a);
        _onB = Service(_b);
        // The owner node's runner polls for what other nodes queued for its engines.
        _runnerOnA = new EngineCommandRunner(Queue("a"), _onA, _a.Fence, TimeProvider.System, NullLogger<EngineCommandRunner>.Instance, _a.Registry, new EngineChartSource());
        await _runnerOnA.StartAsync(Ct);

        // The owner node authorises a queued request again against the store: the sender must exist there.
        await AddUserAsync("alice", Roles.Trader);
        (await _a.Leases.TryClaimNewAsync(EngineId, Ct)).ShouldBeTrue();
        var handle = _a.Registry.Create("alice", "Alice's engine", "breakout_v1", new EngineCreateOptions { Bars = 1500, WarmupBars = 300, BarIntervalMs = 1 }, EngineId);
        await _a.Instances.SaveAsync(handle, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _runnerOnA.StopAsync(CancellationToken.None);
        _runnerOnA.Dispose();
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _database.DisposeAsync();
    }

    private EngineCommandQueue Queue(string node) =>
        new(_database.Contexts, Options.Create(new ClusterOptions { Enabled = true, NodeId = node, LeaseDuration = LeaseTestNode.Lease, RenewInterval = LeaseTestNode.Renew }), TimeProvider.System);

    private EngineCommandService Service(LeaseTestNode node) => new(node.Registry, node.Audit, TimeProvider.System, Queue(node.NodeId));

    [Fact]
    public async Task AStopAndARemovalSentOnTheOtherNodeRunOnTheOwnerUnderTheSendersName()
    {
        var alice = User("alice", Roles.Trader);
        (await _onA.ExecuteAsync(alice, EngineId, EngineCommand.Start, "breakout_v1", Ct)).Status.ShouldBe(EngineCommandStatus.Done);
        _b.Registry.Get(EngineId).ShouldBeNull("node b does not run the engine");

        var early = await _onB.RemoveAsync(alice, EngineId, Ct);
        early.Status.ShouldBe(EngineCommandStatus.Refused, early.Message);
        early.Message.ShouldContain("stop it first");
        _a.Registry.Get(EngineId).ShouldNotBeNull("a running engine is not removed");

        var runningState = _a.Registry.Get(EngineId).ShouldNotBeNull().Engine.State;
        var stopped = await _onB.ExecuteAsync(alice, EngineId, EngineCommand.Stop, cancellationToken: Ct);
        stopped.Status.ShouldBe(EngineCommandStatus.Done);
        _a.Registry.Get(EngineId).ShouldNotBeNull().Engine.State.ShouldBe(TradingState.Stopped);
        // Answered as a command run on this node would be: the states before and after come back with the outcome.
        var states = stopped.Result.ShouldNotBeNull();
        states.Command.ShouldBe(EngineCommand.Stop);
        states.StateBefore.ShouldNotBe(TradingState.Stopped);
        runningState.ShouldNotBe(TradingState.Stopped);
        states.StateAfter.ShouldBe(TradingState.Stopped);
        var removed = await _onB.RemoveAsync(alice, EngineId, Ct);

        removed.Status.ShouldBe(EngineCommandStatus.Done, removed.Message);
        removed.Message.ShouldContain("ran on node a");
        _a.Registry.Get(EngineId).ShouldBeNull("the owner node removed it");
        lock (_a.Audit.Entries)
        {
            _a.Audit.Entries.ShouldContain(e => e.Action == EngineCommandService.RemoveAction && e.Target == EngineId, "audit-logged where it ran");
        }
        await using var db = await _database.OpenAsync();
        (await db.EngineCommandRequests.Where(r => r.EngineId == EngineId).Select(r => r.Kind).ToListAsync(Ct))
            .ShouldBe([EngineRequestKind.Remove, EngineRequestKind.Command, EngineRequestKind.Remove], ignoreOrder: true);
    }

    private async Task AddUserAsync(string id, string role)
    {
        await using var db = await _database.OpenAsync();
        var roleRow = await db.Roles.FirstOrDefaultAsync(r => r.Name == role, Ct)
            ?? db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() }).Entity;
        var name = id + "@example.test";
        db.Users.Add(new ApplicationUser { Id = id, UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = name, NormalizedEmail = name.ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString() });
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = roleRow.Id });
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>What changed between queueing a Stop of alice's running engine and the owner node picking it up.</summary>
    public enum SinceQueued { Nothing, UserLocked, TraderRoleRemoved, UserDeleted, TooLongAgo }

    [Theory]
    [InlineData(SinceQueued.Nothing)]
    [InlineData(SinceQueued.UserLocked)]
    [InlineData(SinceQueued.TraderRoleRemoved)]
    [InlineData(SinceQueued.UserDeleted)]
    [InlineData(SinceQueued.TooLongAgo)]
    public async Task AQueuedRequestIsAuthorisedAgainAsTheUserStandsWhenTheOwnerNodeRunsIt(SinceQueued change)
    {
        (await _onA.ExecuteAsync(User("alice", Roles.Trader), EngineId, EngineCommand.Start, "breakout_v1", Ct)).Status.ShouldBe(EngineCommandStatus.Done);
        var request = new EngineCommandRequestEntity
        {
            EngineId = EngineId,
            Kind = EngineRequestKind.Command,
            Command = EngineCommand.Stop,
            UserId = "alice",
            UserName = "alice@example.test",
            RequestedOn = "b",
            RequestedAt = TimeProvider.System.GetUtcNow() - (change == SinceQueued.TooLongAgo ? EngineCommandQueue.MaxAge + TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(1)),
        };
        await using (var db = await _database.OpenAsync())
        {
            var alice = await db.Users.SingleAsync(u => u.Id == "alice", Ct);
            switch (change)
            {
                case SinceQueued.UserLocked:
                    alice.LockoutEnd = DateTimeOffset.MaxValue;
                    break;
                case SinceQueued.TraderRoleRemoved:
                    db.UserRoles.RemoveRange(db.UserRoles.Where(r => r.UserId == "alice"));
                    break;
                case SinceQueued.UserDeleted:
                    db.UserRoles.RemoveRange(db.UserRoles.Where(r => r.UserId == "alice"));
                    db.Users.Remove(alice);
                    break;
            }
            await db.SaveChangesAsync(Ct);
        }

        var outcome = await _onA.ExecuteQueuedAsync(request, Ct);

        var engine = _a.Registry.Get(EngineId).ShouldNotBeNull().Engine;
        if (change == SinceQueued.Nothing)
        {
            outcome.Status.ShouldBe(EngineCommandStatus.Done, outcome.Message);
            engine.State.ShouldBe(TradingState.Stopped);
            return;
        }
        outcome.Status.ShouldBe(EngineCommandStatus.Refused, outcome.Message);
        outcome.Message.ShouldContain(change == SinceQueued.TooLongAgo ? "send it again" : change == SinceQueued.TraderRoleRemoved ? "may no longer control" : "no longer exists or is locked");
        engine.State.ShouldNotBe(TradingState.Stopped, "the refused Stop did not run");
        lock (_a.Audit.Entries)
        {
            _a.Audit.Entries.ShouldContain(e => e.Action == EngineCommandService.CommandAction && e.Target == EngineId && e.Details + "." == outcome.Message, "the refusal is audit-logged where it ran");
        }
    }

    [Fact]
    public async Task AChartAskedForOnTheOtherNodeIsTheOwnersDrawingOfItsEngineAndOnlyForThoseWhoMaySeeIt()
    {
        var alice = User("alice", Roles.Trader);
        (await _onA.ExecuteAsync(alice, EngineId, EngineCommand.Start, "breakout_v1", Ct)).Status.ShouldBe(EngineCommandStatus.Done);
        var handle = _a.Registry.Get(EngineId).ShouldNotBeNull();
        // Cycles as node a's scheduler would run them, until the engine has scanned its market.
        await Eventually.WaitUntilAsync(
            async () =>
            {
                await handle.RunCycleAsync(Ct);
                return handle.Engine.LastScan is { Results.Count: > 0 };
            },
            "the engine on node a has scanned");
        var instrument = handle.Engine.LastScan!.Results[0].InstrumentId;
        var onOwner = (await MarketChartDrawings.GetAsync(handle, instrument, handle.RefreshStatus().LastBarTime)).ShouldNotBeNull();
        var charts = new RemoteMarketCharts(Queue("b"), NullLogger<RemoteMarketCharts>.Instance);

        var answer = await charts.GetAsync(alice, EngineId, instrument, "bar 1", Ct);

        answer.Problem.ShouldBeNull();
        var drawing = answer.Drawing.ShouldNotBeNull();
        drawing.ShouldBe(onOwner, "node b draws what node a's own dashboard draws");
        drawing.Bars.ShouldBeGreaterThan(100);
        (await charts.GetAsync(User("vera", Roles.Viewer), EngineId, instrument, "bar 1", Ct)).Drawing.ShouldBe(onOwner, "a viewer may watch any engine");
        var bob = await charts.GetAsync(User("bob", Roles.Trader), EngineId, instrument, "bar 1", Ct);
        bob.Drawing.ShouldBeNull();
        bob.Problem.ShouldBe($"No engine '{EngineId}' that you may see.");
        var unknown = await charts.GetAsync(alice, EngineId, "NOPE-USDT-SWAP", "bar 1", Ct);
        unknown.Drawing.ShouldBeNull();
        unknown.Problem.ShouldBe("The engine has no market for NOPE-USDT-SWAP (node a).");
        await using var db = await _database.OpenAsync();
        (await db.EngineCommandRequests.CountAsync(r => r.Kind == EngineRequestKind.Chart, Ct)).ShouldBe(0, "a chart request is deleted once answered");
    }

    [Fact]
    public async Task ARequestOfAKindALaterVersionQueuedIsAnsweredAsFailedAndTheQueueGoesOn()
    {
        // A cluster upgraded node by node: a newer node queues a kind of request this version does not know. The owner
        // answers it at once (the asker says why instead of waiting) and still runs what is queued after it.
        var alice = User("alice", Roles.Trader);
        (await _onA.ExecuteAsync(alice, EngineId, EngineCommand.Start, "breakout_v1", Ct)).Status.ShouldBe(EngineCommandStatus.Done);
        long id;
        await using (var db = await _database.OpenAsync())
        {
            // Held (RunOn set) while its kind is rewritten to a name this version has never written, then released.
            var row = new EngineCommandRequestEntity { EngineId = EngineId, Kind = EngineRequestKind.Remove, RequestedOn = "c", RequestedAt = DateTimeOffset.UtcNow, RunOn = "held" };
            db.EngineCommandRequests.Add(row);
            await db.SaveChangesAsync(Ct);
            id = row.Id;
            (await db.Database.ExecuteSqlAsync($"UPDATE EngineCommandRequests SET Kind = 'Rebalance', RunOn = NULL WHERE Id = {id}", Ct)).ShouldBe(1);
        }

        await Eventually.WaitUntilAsync(
            async () =>
            {
                await using var db = await _database.OpenAsync();
                return await db.EngineCommandRequests.AnyAsync(r => r.Id == id && r.CompletedAt != null, Ct);
            },
            "the owner node answered the unknown request");
        var stopped = await _onB.ExecuteAsync(alice, EngineId, EngineCommand.Stop, cancellationToken: Ct);

        await using (var db = await _database.OpenAsync())
        {
            var answered = await db.EngineCommandRequests.AsNoTracking().SingleAsync(r => r.Id == id, Ct);
            answered.Kind.ShouldBe(EngineRequestKind.Unrecognised);
            answered.Success.ShouldBe(false);
            answered.Result.ShouldBe("Node a cannot run this kind of request: it runs an earlier version of BreakoutBot than the node that asked. The nodes of a cluster should run the same version.");
        }
        stopped.Status.ShouldBe(EngineCommandStatus.Done, stopped.Message);
        _a.Registry.Get(EngineId).ShouldNotBeNull().Engine.State.ShouldBe(TradingState.Stopped);
    }

    [Theory]
    [InlineData("Command", EngineRequestKind.Command)]
    [InlineData("Chart", EngineRequestKind.Chart)]
    [InlineData("ApplyPresetVersion", EngineRequestKind.ApplyPresetVersion)]
    [InlineData("Rebalance", EngineRequestKind.Unrecognised)]
    [InlineData("chart", EngineRequestKind.Unrecognised)]
    [InlineData("3", EngineRequestKind.Unrecognised)]
    [InlineData("-1", EngineRequestKind.Unrecognised)]
    [InlineData("Remove, Chart", EngineRequestKind.Unrecognised)]
    public void AStoredKindIsReadByItsExactNameAndAnyOtherTextIsUnrecognised(string stored, EngineRequestKind expected) =>
        EngineRequestKinds.FromStored(stored).ShouldBe(expected);

    [Fact]
    public async Task AChartAskedForWhileTheDatabaseIsUnreachableSaysWhyInsteadOfFailingThePage()
    {
        var unreachable = new EngineCommandQueue(new UnreachableDatabase(), Options.Create(new ClusterOptions { Enabled = true, NodeId = "b" }), TimeProvider.System);
        var charts = new RemoteMarketCharts(unreachable, NullLogger<RemoteMarketCharts>.Instance);

        var answer = await charts.GetAsync(User("alice", Roles.Trader), EngineId, "BTC-USDT-SWAP", "bar 1", Ct);

        answer.Drawing.ShouldBeNull();
        answer.Problem.ShouldBe("The chart could not be asked for: the database is unreachable");
    }

    private sealed class UnreachableDatabase : IDbContextFactory<BreakoutBot.Infrastructure.Persistence.BreakoutBotDbContext>
    {
        public BreakoutBot.Infrastructure.Persistence.BreakoutBotDbContext CreateDbContext() => throw new InvalidOperationException("the database is unreachable");
    }

    [Fact]
    public async Task APresetVersionAppliedOnTheOtherNodeIsPinnedOnTheOwnerAndOnlyForWhoControlsTheEngine()
    {
        var alice = User("alice", Roles.Trader);
        var edited = PresetCatalog.Get("breakout_v1") with { Description = "version 2" };
        (await _presets.SaveAsync(User("admin", Roles.Admin), "breakout_v1", edited, cancellationToken: Ct)).Version.ShouldBe(2);

        var refused = await _onB.ApplyPresetVersionAsync(User("bob", Roles.Trader), EngineId, "breakout_v1", 2, Ct);
        refused.Status.ShouldBe(EngineCommandStatus.Forbidden);
        var applied = await _onB.ApplyPresetVersionAsync(alice, EngineId, "breakout_v1", 2, Ct);

        applied.Status.ShouldBe(EngineCommandStatus.Done, applied.Message);
        _a.Registry.Get(EngineId).ShouldNotBeNull().PresetVersion.ShouldBe(2);
        (await _onB.ApplyPresetVersionAsync(alice, EngineId, "breakout_v1", 9, Ct)).Status.ShouldBe(EngineCommandStatus.Refused, "the owner found no version 9");
        await using var db = await _database.OpenAsync();
        (await db.EngineCommandRequests.CountAsync(r => r.EngineId == EngineId, Ct)).ShouldBe(2, "the forbidden request was not queued");
    }
}
