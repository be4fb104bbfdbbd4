using BreakoutBot.Domain.Engine;
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

    private static EngineEventWriter NewWriter(PersistenceTestDatabase database) =>
        new(database.Contexts, Options.Create(new WriteBehindOptions { FlushIntervalMs = 10 }), NullLogger<EngineEventWriter>.Instance);

    private static EngineInstanceStore NewStore(PersistenceTestDatabase database) => new(database.Contexts, NullLogger<EngineInstanceStore>.Instance);

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
        var writer1 = NewWriter(database);
        await writer1.StartAsync(ct);
        using var registry1 = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, writer1);
        using var restorer1 = new EngineRestorer(registry1, NewStore(database), NullLogger<EngineRestorer>.Instance);
        await restorer1.StartAsync(ct);
        var before = await TradeUntilPositionsAreOpenAsync(registry1.Create("alice", "Alice's engine", "breakout_v1", Small()));
        var positionsBefore = before.Engine.Positions.OpenPositions.ToDictionary(p => p.Id);
        var ordersBefore = await before.Market.Paper!.GetOpenOrdersAsync(ct);
        var balanceBefore = await before.Market.Paper!.GetBalanceAsync(ct);
        var clockBefore = before.Market.Clock.GetUtcNow();
        var closedBefore = before.Engine.Positions.ClosedCount;
        await writer1.StopAsync(ct);
        await restorer1.StopAsync(ct);

        // Second process: only the database survives.
        var writer2 = NewWriter(database);
        await writer2.StartAsync(ct);
        using var registry2 = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, writer2);
        using var restorer2 = new EngineRestorer(registry2, NewStore(database), NullLogger<EngineRestorer>.Instance);
        await restorer2.StartAsync(ct);

        restorer2.RestoredCount.ShouldBe(1);
        var after = registry2.Get(before.Id).ShouldNotBeNull();
        after.OwnerId.ShouldBe("alice");
        after.Name.ShouldBe("Alice's engine");
        after.Engine.State.ShouldBe(TradingState.Paused, "an engine that was trading comes back paused");
        after.Restored.ShouldNotBeNull().OpenPositions.ShouldBe(positionsBefore.Count);
        after.Market.Clock.GetUtcNow().ShouldBe(clockBefore, "the market resumes at the bar it had reached");
        after.Status.Preset.ShouldBe("breakout_v1");

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
        for (var i = 0; i < 3000 && after.Engine.Positions.ClosedCount == positionsBefore.Count; i++)
        {
            await after.RunCycleAsync(ct);
        }
        await writer2.StopAsync(ct);

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
        var writer1 = NewWriter(database);
        await writer1.StartAsync(ct);
        using var registry1 = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, writer1);
        using var restorer1 = new EngineRestorer(registry1, NewStore(database), NullLogger<EngineRestorer>.Instance);
        await restorer1.StartAsync(ct);
        var before = await TradeUntilPositionsAreOpenAsync(registry1.Create("alice", "A", "breakout_v1", Small()));
        (await before.ExecuteAsync(EngineCommand.KillSwitch, null, ct)).Success.ShouldBeTrue();
        before.Engine.State.ShouldBe(TradingState.Emergency);
        var riskBefore = before.Engine.Status;
        await writer1.StopAsync(ct);

        var writer2 = NewWriter(database);
        await writer2.StartAsync(ct);
        using var registry2 = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, writer2);
        using var restorer2 = new EngineRestorer(registry2, NewStore(database), NullLogger<EngineRestorer>.Instance);
        await restorer2.StartAsync(ct);
        var after = registry2.Get(before.Id).ShouldNotBeNull();

        after.Engine.State.ShouldBe(TradingState.Emergency);
        after.Status.KillSwitch.Triggered.ShouldBeTrue("a restart must not re-arm a kill switch that fired");
        after.Status.KillSwitch.Reason.ShouldNotBeNull().ShouldContain("kill switch");
        after.Status.ConsecutiveLosses.ShouldBe(riskBefore.ConsecutiveLosses);
        // Starting again needs an operator reset first, exactly as before the restart.
        (await after.ExecuteAsync(EngineCommand.Start, "breakout_v1", ct)).Success.ShouldBeFalse();
        await writer2.StopAsync(ct);
    }
}
