using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Hosting;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Engines;

/// <summary>
/// A portal restart, in process: the first "process" trades until positions are open, its events reach SQLite through the
/// write-behind queue, then everything in memory is thrown away. The second "process" rebuilds the engine from the
/// database alone.
/// </summary>
public sealed class EngineRestoreTests
{
    private static EngineCreateOptions Small() => new() { StartingBalance = 10_000m, Bars = 4000, WarmupBars = 300, BarIntervalMs = 1 };


    private static async Task<EngineHandle> TradeUntilPositionsAreOpenAsync(EngineHandle handle)
    {
        (await handle.ExecuteAsync(EngineCommand.Start, "breakout_v1", TestContext.Current.CancellationToken)).Success.ShouldBeTrue();
        while (!handle.Market.Finished)
        {
            await handle.RunCycleAsync(TestContext.Current.CancellationToken);
            // Wait for a position whose stop already rests, and that has at least one closed trade before it.
            if (handle.Engine.Positions.OpenPositions.Any(p => p.StopOrderId is not null) && handle.Engine.Positions.ClosedCount > 0)
            {
                return handle;
            }
        }
        throw new InvalidOperationException("The generated market never left a position open.");
    }

    [Fact]
    public async Task ARestartBringsBackTheEnginePausedWithItsPositionsOrdersAndCash()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await PersistenceTestDatabase.CreateAsync();

        // First process.
        using var process1 = await EngineProcess.StartAsync(database, ct);
        var before = await TradeUntilPositionsAreOpenAsync(process1.Registry.Create("alice", "Alice's engine", "breakout_v1", Small()));
        var positionsBefore = before.Engine.Positions.OpenPositions.ToDictionary(p => p.Id);
        var ordersBefore = await before.Market.Paper!.GetOpenOrdersAsync(ct);
        var balanceBefore = await before.Market.Paper!.GetBalanceAsync(ct);
        var clockBefore = before.Market.Clock.GetUtcNow();
        var closedBefore = before.Engine.Positions.ClosedCount;
        await process1.StopWritingAsync(ct);

        // Second process: only the database survives.
        using var process2 = await EngineProcess.StartAsync(database, ct);

        process2.Restorer.RestoredCount.ShouldBe(1);
        var after = process2.Registry.Get(before.Id).ShouldNotBeNull();
        after.OwnerId.ShouldBe("alice");
        after.Name.ShouldBe("Alice's engine");
        after.Engine.State.ShouldBe(TradingState.Paused, "an engine that was trading comes back paused");
        after.Restored.ShouldNotBeNull().OpenPositions.ShouldBe(positionsBefore.Count);
        after.Market.Clock.GetUtcNow().ShouldBe(clockBefore, "the market resumes at the bar it had reached");
        after.Status.Preset.ShouldBe("breakout_v1");
        // The equity chart goes on from before the restart: the stored equity snapshots are its start, not the restart.
        var curve = after.EquityCurve;
        curve.Count.ShouldBeGreaterThan(1);
        curve[0].Time.ShouldBeLessThan(clockBefore, "the chart starts before the restart");
        curve.Select(e => e.Time).ShouldBe(curve.Select(e => e.Time).Order(), "oldest first");
        curve.Select(e => e.Time).ShouldBeUnique();

        var restored = after.Engine.Positions.OpenPositions;
        restored.Select(p => p.Id).ShouldBe(positionsBefore.Keys, ignoreOrder: true);
        foreach (var p in restored)
        {
            var was = positionsBefore[p.Id];
            p.Quantity.ShouldBe(was.Quantity);
            p.EntryPrice.ShouldBe(was.EntryPrice);
            p.StopLoss.ShouldBe(was.StopLoss);
            p.StopOrderId.ShouldBe(was.StopOrderId);
            p.InitialRiskUsd.ShouldBe(was.InitialRiskUsd);
        }
        var ordersAfter = await after.Market.Paper!.GetOpenOrdersAsync(ct);
        ordersAfter.Select(o => (o.OrderId, o.Type, o.TriggerPrice, o.Quantity)).ShouldBe(
            ordersBefore.Select(o => (o.OrderId, o.Type, o.TriggerPrice, o.Quantity)), ignoreOrder: true);
        var balanceAfter = await after.Market.Paper!.GetBalanceAsync(ct);
        balanceAfter.Cash.ShouldBe(balanceBefore.Cash, 0.000001m);
        (await after.Market.Paper!.GetPositionsAsync(ct)).Sum(p => Math.Abs(p.Quantity)).ShouldBe(positionsBefore.Values.Sum(p => p.Quantity));

        // Paused: no new entries, but the restored stops and targets are still enforced as the market moves.
        var ids = positionsBefore.Keys.ToHashSet();
        for (var i = 0; i < 3000 && after.Engine.Positions.OpenPositions.Any(p => ids.Contains(p.Id)); i++)
        {
            await after.RunCycleAsync(ct);
        }
        after.Engine.State.ShouldBe(TradingState.Paused);
        after.Engine.Positions.OpenPositions.ShouldBeEmpty("no entries while paused, and every restored position closed on its own stop or target");
        after.Engine.Positions.ClosedPositions.Select(p => p.Id).ShouldBe(positionsBefore.Keys, ignoreOrder: true);
        after.Engine.Positions.ClosedPositions.ShouldAllBe(p => p.CloseReason != null);

        // Resumed, it trades again with ids that cannot collide with the stored ones.
        (await after.ExecuteAsync(EngineCommand.Resume, null, ct)).Success.ShouldBeTrue();
        // The closed count carries on from before the restart.
        after.Engine.Positions.ClosedCount.ShouldBe(closedBefore + positionsBefore.Count);
        for (var i = 0; i < 3000 && after.Engine.Positions.ClosedCount == closedBefore + positionsBefore.Count; i++)
        {
            await after.RunCycleAsync(ct);
        }
        await process2.StopWritingAsync(ct);

        await using var db = await database.OpenAsync();
        var rows = await db.Positions.Where(p => p.EngineId == before.Id).ToListAsync(ct);
        rows.Select(r => r.PositionId).ShouldBeUnique();
        rows.Count(r => r.Status == PositionStatus.Closed).ShouldBeGreaterThan(closedBefore + positionsBefore.Count - 1);
        rows.Where(r => r.PositionId.StartsWith("r1", StringComparison.Ordinal)).ShouldNotBeEmpty("new positions after the restore carry the generation");
        var transitions = await db.StateTransitions.Where(t => t.EngineId == before.Id).OrderBy(t => t.Id).ToListAsync(ct);
        transitions.ShouldContain(t => t.To == TradingState.Paused && t.Reason.Contains("restored after a restart"));
        (await db.Engines.SingleAsync(e => e.Id == before.Id, ct)).Generation.ShouldBe(1);
        (await db.Orders.CountAsync(o => o.EngineId == before.Id, ct)).ShouldBeGreaterThan(0, "orders are stored");
        (await db.Fills.CountAsync(f => f.EngineId == before.Id, ct)).ShouldBeGreaterThan(0, "fills are stored");
        (await db.Fills.Where(f => f.EngineId == before.Id).Select(f => f.FillId).ToListAsync(ct)).ShouldBeUnique();
    }

    [Fact]
    public async Task ARestartKeepsAFiredKillSwitchAndTheDaysRiskCounters()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await PersistenceTestDatabase.CreateAsync();
        using var process1 = await EngineProcess.StartAsync(database, ct);
        var before = await TradeUntilPositionsAreOpenAsync(process1.Registry.Create("alice", "A", "breakout_v1", Small()));
        (await before.ExecuteAsync(EngineCommand.KillSwitch, null, ct)).Success.ShouldBeTrue();
        before.Engine.State.ShouldBe(TradingState.Emergency);
        var riskBefore = before.Engine.Status;
        await process1.StopWritingAsync(ct);

        using var process2 = await EngineProcess.StartAsync(database, ct);
        var after = process2.Registry.Get(before.Id).ShouldNotBeNull();

        after.Engine.State.ShouldBe(TradingState.Emergency);
        after.Status.KillSwitch.Triggered.ShouldBeTrue("a restart must not re-arm a kill switch that fired");
        after.Status.KillSwitch.Reason.ShouldNotBeNull().ShouldContain("kill switch");
        after.Status.ConsecutiveLosses.ShouldBe(riskBefore.ConsecutiveLosses);
        // Starting again needs an operator reset first, exactly as before the restart.
        (await after.ExecuteAsync(EngineCommand.Start, "breakout_v1", ct)).Success.ShouldBeFalse();
        await process2.StopWritingAsync(ct);
    }

    [Fact]
    public async Task AFiredKillSwitchSurvivesASecondRestartWithItsReasonAndTime()
    {
        // The first restore writes its own EMERGENCY transition ("restored after a restart (was in emergency)"): the
        // second restart must still find the kill switch.
        var ct = TestContext.Current.CancellationToken;
        await using var database = await PersistenceTestDatabase.CreateAsync();
        using var process1 = await EngineProcess.StartAsync(database, ct);
        var before = await TradeUntilPositionsAreOpenAsync(process1.Registry.Create("alice", "A", "breakout_v1", Small()));
        (await before.ExecuteAsync(EngineCommand.KillSwitch, null, ct)).Success.ShouldBeTrue();
        var fired = before.Status.KillSwitch;
        await process1.StopWritingAsync(ct);
        using var process2 = await EngineProcess.StartAsync(database, ct);
        process2.Registry.Get(before.Id).ShouldNotBeNull().Status.KillSwitch.Triggered.ShouldBeTrue();
        await process2.StopWritingAsync(ct);

        using var process3 = await EngineProcess.StartAsync(database, ct);
        var after = process3.Registry.Get(before.Id).ShouldNotBeNull();

        after.Engine.State.ShouldBe(TradingState.Emergency);
        after.Status.KillSwitch.ShouldBe(fired, "the reason and time it fired, as before the restarts");
        (await after.ExecuteAsync(EngineCommand.Stop, null, ct)).Success.ShouldBeTrue();
        var start = await after.ExecuteAsync(EngineCommand.Start, "breakout_v1", ct);
        start.Success.ShouldBeFalse("a kill switch that fired needs an operator reset, however many restarts later");
        start.Message.ShouldContain(fired.Reason.ShouldNotBeNull());
        await process3.StopWritingAsync(ct);
    }

    [Fact]
    public async Task AKillSwitchFiredBeforeAStopSurvivesARestartUntilAnOperatorResetsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await PersistenceTestDatabase.CreateAsync();
        using var process1 = await EngineProcess.StartAsync(database, ct);
        var before = await TradeUntilPositionsAreOpenAsync(process1.Registry.Create("alice", "A", "breakout_v1", Small()));
        (await before.ExecuteAsync(EngineCommand.KillSwitch, null, ct)).Success.ShouldBeTrue();
        var fired = before.Status.KillSwitch;
        (await before.ExecuteAsync(EngineCommand.Stop, null, ct)).Success.ShouldBeTrue();
        var refused = await before.ExecuteAsync(EngineCommand.Start, "breakout_v1", ct);
        refused.Success.ShouldBeFalse();
        await process1.StopWritingAsync(ct);

        // The last stored transition is the stop, not the kill switch.
        using var process2 = await EngineProcess.StartAsync(database, ct);
        var after = process2.Registry.Get(before.Id).ShouldNotBeNull();

        after.Engine.State.ShouldBe(TradingState.Stopped);
        after.Status.KillSwitch.ShouldBe(fired);
        var start = await after.ExecuteAsync(EngineCommand.Start, "breakout_v1", ct);
        start.Success.ShouldBeFalse("a restart must not stand in for the reset");
        start.Message.ShouldBe(refused.Message, "refused exactly as before the restart");

        // The reset is stored too: the next restart finds the kill switch armed.
        (await after.ExecuteAsync(EngineCommand.Reset, null, ct)).Success.ShouldBeTrue();
        (await after.ExecuteAsync(EngineCommand.Start, "breakout_v1", ct)).Success.ShouldBeTrue();
        await process2.StopWritingAsync(ct);
        using var process3 = await EngineProcess.StartAsync(database, ct);
        var reset = process3.Registry.Get(before.Id).ShouldNotBeNull();
        reset.Engine.State.ShouldBe(TradingState.Paused, "it was trading again");
        reset.Status.KillSwitch.ShouldBe(KillSwitchState.Armed);
        await process3.StopWritingAsync(ct);
    }

    /// <summary>What one portal process holds in memory: a write-behind writer, the engine registry and the restorer that fills it at start.</summary>
    private sealed class EngineProcess : IDisposable
    {
        private EngineProcess(EngineEventWriter writer, EngineRegistry registry, EngineRestorer restorer)
        {
            Writer = writer;
            Registry = registry;
            Restorer = restorer;
        }

        public EngineEventWriter Writer { get; }

        public EngineRegistry Registry { get; }

        public EngineRestorer Restorer { get; }

        public static async Task<EngineProcess> StartAsync(PersistenceTestDatabase database, CancellationToken ct)
        {
            var writer = new EngineEventWriter(database.Contexts, Options.Create(new WriteBehindOptions { FlushIntervalMs = 10 }), TimeProvider.System, NullLogger<EngineEventWriter>.Instance);
            await writer.StartAsync(ct);
            var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, writer);
            var restorer = new EngineRestorer(registry, new EngineInstanceStore(database.Contexts, NullLogger<EngineInstanceStore>.Instance), NullLogger<EngineRestorer>.Instance);
            await restorer.StartAsync(ct);
            return new EngineProcess(writer, registry, restorer);
        }

        /// <summary>Drains what the writer still holds; later events of this process are not stored.</summary>
        public async Task StopWritingAsync(CancellationToken ct)
        {
            await Writer.StopAsync(ct);
            await Restorer.StopAsync(ct);
        }

        public void Dispose()
        {
            Restorer.Dispose();
            Registry.Dispose();
            Writer.Dispose();
        }
    }
}
