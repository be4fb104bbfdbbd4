using System.Diagnostics;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Events;
using Microsoft.EntityFrameworkCore;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static BreakoutBot.Tests.Infrastructure.Persistence.PersistenceTestData;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

public sealed class EngineEventWriterTests
{
    private const string Engine = "engine-1";

    [Fact]
    public async Task PersistsTransitionsSignalsAndPositionsPublishedThroughTheSink()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var writer = database.Services.GetRequiredService<EngineEventWriter>();
        var sink = database.Services.GetRequiredService<IEngineEventSink>();
        sink.ShouldBeSameAs(writer);
        await writer.StartAsync(CancellationToken.None);

        for (var i = 0; i < 25; i++)
        {
            sink.Publish(Transition(Engine, i));
        }
        var signal = Signal("sig-1");
        sink.Publish(new SignalEvent(Engine, T0, signal, SignalStatus.Active, null));
        sink.Publish(new SignalEvent(Engine, T0.AddSeconds(2), signal, SignalStatus.Executed, "pos-1"));
        sink.Publish(new SignalEvent(Engine, T0, Signal("sig-2"), SignalStatus.Rejected, "daily loss limit"));
        var position = OpenPosition("pos-1", "sig-1");
        sink.Publish(new PositionOpenedEvent(Engine, T0.AddSeconds(1), position));
        position.ApplyExitFill(1m, 104m, 0.05m, T0.AddMinutes(5), ExitReason.TakeProfit1, "tp1-order");
        position.ApplyExitFill(1m, 101m, 0.05m, T0.AddMinutes(9), ExitReason.BreakevenStop, "stop-order");
        sink.Publish(new PositionClosedEvent(Engine, T0.AddMinutes(9), position));
        sink.Publish(new ScanCompletedEvent(Engine, T0, null!));
        await writer.StopAsync(CancellationToken.None);

        await using var db = await database.OpenAsync();
        var transitions = await db.StateTransitions.Where(t => t.EngineId == Engine).OrderBy(t => t.Id).ToListAsync();
        transitions.Count.ShouldBe(25);
        transitions[7].Reason.ShouldBe("step 7");
        transitions[7].From.ShouldBe(TradingState.Scanning);
        transitions[7].To.ShouldBe(TradingState.SignalWait);
        transitions[7].Time.ShouldBe(T0.AddSeconds(7));
        transitions[7].MetadataJson.ShouldContain("\"i\":\"7\"");

        var signals = await db.Signals.OrderBy(s => s.SignalId).ToListAsync();
        signals.Count.ShouldBe(2);
        signals[0].SignalId.ShouldBe("sig-1");
        signals[0].Status.ShouldBe(SignalStatus.Executed);
        signals[0].Reason.ShouldBe("pos-1");
        signals[0].Entry.ShouldBe(100.5m);
        signals[0].Confidence.ShouldBe(0.82);
        signals[0].ConditionsJson.ShouldContain("volume_surge");
        signals[1].Status.ShouldBe(SignalStatus.Rejected);
        signals[1].Reason.ShouldBe("daily loss limit");

        var row = await db.Positions.SingleAsync();
        row.PositionId.ShouldBe("pos-1");
        row.Status.ShouldBe(PositionStatus.Closed);
        row.CloseReason.ShouldBe(ExitReason.BreakevenStop);
        row.EntryPrice.ShouldBe(100m);
        row.InitialStop.ShouldBe(98m);
        row.Quantity.ShouldBe(0m);
        row.EntryFees.ShouldBe(0.1m);
        row.ExitFees.ShouldBe(0.1m);
        row.GrossRealizedPnl.ShouldBe(5m);
        row.NetRealizedPnl.ShouldBe(4.8m);
        row.PnlR.ShouldBe(1.2, 1e-9);
        row.StopOrderId.ShouldBe("stop-pos-1");
        row.ClosedAt.ShouldBe(T0.AddMinutes(9));
        var exits = EntityMapper.ReadExits(row);
        exits.Select(e => e.Reason).ShouldBe([ExitReason.TakeProfit1, ExitReason.BreakevenStop]);
        exits[0].Price.ShouldBe(104m);
        writer.Written.ShouldBe(30);
        writer.Dropped.ShouldBe(0);
    }

    [Fact]
    public async Task TransitionsAndEquitySnapshotsCarryTheWallClockTimeTheyWereWrittenAtNotTheirMarketTime()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var writer = database.Services.GetRequiredService<EngineEventWriter>();
        await writer.StartAsync(CancellationToken.None);
        var marketTime = T0.AddDays(-400);
        database.Time.Advance(TimeSpan.FromDays(3));
        var wallClock = database.Time.GetUtcNow();

        writer.Publish(Transition(Engine, 1));
        writer.Publish(new EquitySnapshotEvent(Engine, marketTime, 1000m, 1000m));
        await writer.StopAsync(CancellationToken.None);

        await using var db = await database.OpenAsync();
        var transition = await db.StateTransitions.SingleAsync();
        transition.Time.ShouldBe(T0.AddSeconds(1));
        transition.WrittenAt.ShouldBe(wallClock);
        var snapshot = await db.EquitySnapshots.SingleAsync();
        snapshot.Time.ShouldBe(marketTime);
        snapshot.WrittenAt.ShouldBe(wallClock);
    }

    [Fact]
    public async Task PositionIsStoredAsItWasWhenPublishedNotAsItIsWhenWritten()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var writer = database.Services.GetRequiredService<EngineEventWriter>();
        var position = OpenPosition("pos-7", "sig-7");

        writer.Publish(new PositionOpenedEvent(Engine, T0, position));
        position.ApplyExitFill(2m, 97m, 0.1m, T0.AddMinutes(1), ExitReason.StopLoss, "stop");
        await writer.StopAsync(CancellationToken.None);

        await using var db = await database.OpenAsync();
        var row = await db.Positions.SingleAsync();
        row.Status.ShouldBe(PositionStatus.Open);
        row.Quantity.ShouldBe(2m);
        row.ExitsJson.ShouldBe("[]");
    }

    [Fact]
    public async Task OrdersAreUpsertedAndFillsStoredOnce()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var writer = database.Services.GetRequiredService<EngineEventWriter>();
        await writer.StartAsync(CancellationToken.None);
        var order = new Order("o-1", "c-1", "ETH-USDT-SWAP", OrderSide.Buy, OrderType.Limit, 3m, 2500.5m, null, false,
            OrderStatus.New, 0m, 0m, 0m, T0, T0);
        var fill = new Fill(1, "f-1", "o-1", "c-1", "ETH-USDT-SWAP", OrderSide.Buy, 3m, 2500.25m, 0.75m, true, T0.AddSeconds(3));

        writer.Publish(new OrderUpdatedEvent(Engine, T0, order));
        writer.Publish(new FillRecordedEvent(Engine, T0.AddSeconds(3), fill));
        writer.Publish(new OrderUpdatedEvent(Engine, T0.AddSeconds(3), order with { Status = OrderStatus.Filled, FilledQuantity = 3m, AverageFillPrice = 2500.25m, Fee = 0.75m, UpdatedAt = T0.AddSeconds(3) }));
        // The same fill again after the first batch is written: a later batch must not store it twice.
        await database.WaitForWritesAsync(() => writer.Written >= 3, "the first three events written");
        writer.Publish(new FillRecordedEvent(Engine, T0.AddSeconds(3), fill));
        writer.Publish(new EquitySnapshotEvent(Engine, T0.AddSeconds(4), 10_012.5m, 2_500m));
        await writer.StopAsync(CancellationToken.None);

        await using var db = await database.OpenAsync();
        var stored = await db.Orders.SingleAsync();
        stored.Status.ShouldBe(OrderStatus.Filled);
        stored.FilledQuantity.ShouldBe(3m);
        stored.Price.ShouldBe(2500.5m);
        stored.UpdatedAt.ShouldBe(T0.AddSeconds(3));
        var fills = await db.Fills.ToListAsync();
        fills.Count.ShouldBe(1);
        fills[0].Price.ShouldBe(2500.25m);
        fills[0].IsMaker.ShouldBeTrue();
        var equity = await db.EquitySnapshots.SingleAsync();
        equity.Equity.ShouldBe(10_012.5m);
        equity.Cash.ShouldBe(2_500m);
    }

    [Fact]
    public async Task FullQueueCountsAndReportsDroppedEvents()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync(queueCapacity: 5);
        var writer = database.Services.GetRequiredService<EngineEventWriter>();

        for (var i = 0; i < 8; i++)
        {
            writer.Publish(Transition(Engine, i));
        }

        writer.QueueDepth.ShouldBe(5);
        writer.Dropped.ShouldBe(3);
        await writer.StopAsync(CancellationToken.None);
        await using var db = await database.OpenAsync();
        (await db.StateTransitions.CountAsync()).ShouldBe(5);
        writer.Dropped.ShouldBe(3);
    }

    [Fact]
    public async Task GracefulStopDrainsTheQueue()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync(batchSize: 100, flushIntervalMs: 10_000);
        var writer = database.Services.GetRequiredService<EngineEventWriter>();
        await writer.StartAsync(CancellationToken.None);

        for (var i = 0; i < 2_050; i++)
        {
            writer.Publish(Transition(Engine, i));
        }
        await writer.StopAsync(CancellationToken.None);

        writer.QueueDepth.ShouldBe(0);
        writer.Dropped.ShouldBe(0);
        writer.Written.ShouldBe(2_050);
        await using var db = await database.OpenAsync();
        (await db.StateTransitions.CountAsync()).ShouldBe(2_050);
    }

    [Fact]
    public async Task AnEventTheDatabaseRefusesCostsOnlyItself()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var writer = database.Services.GetRequiredService<EngineEventWriter>();

        writer.Publish(Transition(Engine, 1));
        writer.Publish(new SignalEvent(Engine, T0, Signal("bad") with { InstrumentId = null! }, SignalStatus.Active, null));
        writer.Publish(Transition(Engine, 2));
        await writer.StopAsync(CancellationToken.None);

        writer.Failed.ShouldBe(1);
        writer.Written.ShouldBe(2);
        await using var db = await database.OpenAsync();
        (await db.StateTransitions.CountAsync()).ShouldBe(2);
        (await db.Signals.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task EventsPublishedAfterStopAreCountedAsDropped()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var writer = database.Services.GetRequiredService<EngineEventWriter>();
        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        writer.Publish(Transition(Engine, 1));

        writer.Dropped.ShouldBe(1);
    }

    [Fact]
    public async Task WritesWhileRunningWithoutWaitingForStop()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync(flushIntervalMs: 20);
        var writer = database.Services.GetRequiredService<EngineEventWriter>();
        await writer.StartAsync(CancellationToken.None);

        writer.Publish(Transition(Engine, 1));
        await database.WaitForWritesAsync(() => writer.Written >= 1, "the transition written while the writer runs");

        await using (var db = await database.OpenAsync())
        {
            (await db.StateTransitions.CountAsync()).ShouldBe(1);
        }
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task MeasuresWriteBehindThroughput()
    {
        const int Count = 50_000;
        await using var database = await PersistenceTestDatabase.CreateAsync(queueCapacity: Count);
        var writer = database.Services.GetRequiredService<EngineEventWriter>();
        var events = Enumerable.Range(0, Count).Select(i => Transition(Engine, i)).ToList();

        var publish = Stopwatch.StartNew();
        foreach (var e in events)
        {
            writer.Publish(e);
        }
        publish.Stop();
        var write = Stopwatch.StartNew();
        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);
        write.Stop();

        writer.Written.ShouldBe(Count);
        await using var db = await database.OpenAsync();
        (await db.StateTransitions.CountAsync()).ShouldBe(Count);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Write-behind: {Count} transitions written to SQLite in {write.ElapsedMilliseconds} ms = {Count / write.Elapsed.TotalSeconds:F0} events/s "
            + $"(publish {publish.Elapsed.TotalMicroseconds / Count:F2} µs/event)");
    }
}
