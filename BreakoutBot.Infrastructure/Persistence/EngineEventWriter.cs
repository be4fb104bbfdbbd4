using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Infrastructure.Persistence.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>
/// Persists engine events behind a bounded queue so the engine never waits on the database:
/// <see cref="StateChangedEvent"/> → a <c>StateTransitions</c> row; <see cref="SignalEvent"/> → <c>Signals</c> (upsert by
/// engine + signal id, latest status wins); <see cref="PositionOpenedEvent"/>/<see cref="PositionClosedEvent"/> →
/// <c>Positions</c> (upsert by engine + position id, from a copy taken at publish time); <see cref="OrderUpdatedEvent"/> →
/// <c>Orders</c> (upsert); <see cref="FillRecordedEvent"/> → <c>Fills</c> (once per fill id); <see cref="EquitySnapshotEvent"/>
/// → <c>EquitySnapshots</c>; <see cref="KillSwitchEvent"/> → the engine's <c>Engines</c> row (reason and time), cleared by a
/// transition to IDLE (only an operator reset leads there), in the order the events came. Scan, level and risk events
/// feed the decision journal (<see cref="Journal.DecisionJournalWriter"/>); error events are not stored here (their
/// effect on the engine is recorded by the transitions they cause).
/// </summary>
public sealed class EngineEventWriter(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    IOptions<WriteBehindOptions> options,
    TimeProvider time,
    ILogger<EngineEventWriter> logger,
    Journal.DecisionJournalWriter? journal = null,
    Cluster.EngineFence? fence = null)
    : WriteBehindWriter<EngineEvent>(contexts, options?.Value ?? throw new ArgumentNullException(nameof(options)), time, logger), IEngineEventSink
{
    protected override string ItemName => "engine event";

    /// <summary>Queues the event if it is one that is stored; never blocks.</summary>
    public void Publish(EngineEvent engineEvent)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        journal?.Observe(engineEvent);
        switch (engineEvent)
        {
            case StateChangedEvent or SignalEvent or OrderUpdatedEvent or FillRecordedEvent or EquitySnapshotEvent or PositionSnapshotEvent or KillSwitchEvent:
                TryEnqueue(engineEvent);
                break;
            case PositionOpenedEvent opened:
                TryEnqueue(new PositionSnapshotEvent(opened.EngineId, opened.Time, EntityMapper.ToEntity(opened.EngineId, opened.Position, opened.Time)));
                break;
            case PositionClosedEvent closed:
                TryEnqueue(new PositionSnapshotEvent(closed.EngineId, closed.Time, EntityMapper.ToEntity(closed.EngineId, closed.Position, closed.Time)));
                break;
            default:
                break;
        }
    }

    protected override async Task WriteBatchAsync(BreakoutBotDbContext db, IReadOnlyList<EngineEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(batch);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        batch = await FencedAsync(db, batch, cancellationToken);
        var transitions = new List<StateTransitionEntity>();
        var signals = new Dictionary<(string, string), SignalEntity>();
        var positions = new Dictionary<(string, string), PositionEntity>();
        var orders = new Dictionary<(string, string), OrderEntity>();
        var fills = new Dictionary<(string, string), FillEntity>();
        var killSwitches = new Dictionary<string, KillSwitchState>(StringComparer.Ordinal);
        var writtenAt = Clock.GetUtcNow();
        foreach (var e in batch)
        {
            switch (e)
            {
                case StateChangedEvent s:
                    var transition = EntityMapper.ToEntity(s.EngineId, s.Transition);
                    transition.WrittenAt = writtenAt;
                    transitions.Add(transition);
                    if (s.Transition.To == TradingState.Idle)
                    {
                        killSwitches[s.EngineId] = KillSwitchState.Armed;
                    }
                    break;
                case KillSwitchEvent k:
                    killSwitches[k.EngineId] = k.KillSwitch with { TriggeredAt = k.KillSwitch.TriggeredAt ?? k.Time };
                    break;
                case EquitySnapshotEvent q:
                    db.EquitySnapshots.Add(new EquitySnapshotEntity { EngineId = q.EngineId, Time = q.Time, WrittenAt = writtenAt, Equity = q.Equity, Cash = q.Cash });
                    break;
                case SignalEvent s:
                    signals[(s.EngineId, s.Signal.Id)] = EntityMapper.ToEntity(s.EngineId, s.Signal, s.Status, s.Reason, s.Time);
                    break;
                case PositionSnapshotEvent p:
                    positions[(p.EngineId, p.Row.PositionId)] = p.Row;
                    break;
                case OrderUpdatedEvent o:
                    orders[(o.EngineId, o.Order.OrderId)] = EntityMapper.ToEntity(o.EngineId, o.Order);
                    break;
                case FillRecordedEvent f:
                    fills.TryAdd((f.EngineId, f.Fill.FillId), EntityMapper.ToEntity(f.EngineId, f.Fill));
                    break;
                default:
                    break;
            }
        }

        await StateTransitionInserter.InsertAsync(db, transitions, cancellationToken);
        if (signals.Count > 0)
        {
            var ids = signals.Keys.Select(k => k.Item2).Distinct().ToList();
            var existing = await db.Signals.Where(s => ids.Contains(s.SignalId)).ToListAsync(cancellationToken);
            foreach (var row in existing)
            {
                if (signals.Remove((row.EngineId, row.SignalId), out var latest))
                {
                    latest.Id = row.Id;
                    // The first event carries the whole signal; later ones only move its status.
                    db.Entry(row).CurrentValues.SetValues(latest);
                }
            }
            db.Signals.AddRange(signals.Values);
        }
        if (positions.Count > 0)
        {
            var ids = positions.Keys.Select(k => k.Item2).Distinct().ToList();
            var existing = await db.Positions.Where(p => ids.Contains(p.PositionId)).ToListAsync(cancellationToken);
            foreach (var row in existing)
            {
                if (positions.Remove((row.EngineId, row.PositionId), out var latest))
                {
                    latest.Id = row.Id;
                    db.Entry(row).CurrentValues.SetValues(latest);
                }
            }
            db.Positions.AddRange(positions.Values);
        }
        if (orders.Count > 0)
        {
            var ids = orders.Keys.Select(k => k.Item2).Distinct().ToList();
            var existing = await db.Orders.Where(o => ids.Contains(o.OrderId)).ToListAsync(cancellationToken);
            foreach (var row in existing)
            {
                if (orders.Remove((row.EngineId, row.OrderId), out var latest))
                {
                    latest.Id = row.Id;
                    db.Entry(row).CurrentValues.SetValues(latest);
                }
            }
            db.Orders.AddRange(orders.Values);
        }
        if (fills.Count > 0)
        {
            var ids = fills.Keys.Select(k => k.Item2).Distinct().ToList();
            var existing = await db.Fills.Where(f => ids.Contains(f.FillId)).Select(f => new { f.EngineId, f.FillId }).ToListAsync(cancellationToken);
            foreach (var row in existing)
            {
                fills.Remove((row.EngineId, row.FillId));
            }
            db.Fills.AddRange(fills.Values);
        }
        await SaveKillSwitchesAsync(db, killSwitches, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The latest kill switch of each engine in the batch onto its row (an engine without a row, a replay's, has none to update).</summary>
    private static async Task SaveKillSwitchesAsync(BreakoutBotDbContext db, Dictionary<string, KillSwitchState> killSwitches, CancellationToken cancellationToken)
    {
        foreach (var (engineId, killSwitch) in killSwitches)
        {
            var firedAt = killSwitch.Triggered ? killSwitch.TriggeredAt : null;
            var reason = killSwitch.Triggered ? killSwitch.Reason : null;
            await db.Engines.Where(e => e.Id == engineId).ExecuteUpdateAsync(
                u => u.SetProperty(e => e.KillSwitchFiredAt, firedAt).SetProperty(e => e.KillSwitchReason, reason), cancellationToken);
        }
    }

    /// <summary>
    /// On a cluster node (ADR-020): the batch without the events of engines whose lease row no longer carries this node's
    /// token (dropped and logged); the rows stay locked until the transaction ends, so no new owner takes over meanwhile.
    /// </summary>
    private async Task<IReadOnlyList<EngineEvent>> FencedAsync(BreakoutBotDbContext db, IReadOnlyList<EngineEvent> batch, CancellationToken cancellationToken)
    {
        if (fence is not { Enabled: true })
        {
            return batch;
        }
        var refused = await fence.RefusedWritersAsync(db, batch.Select(e => e.EngineId).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        if (refused.Count == 0)
        {
            return batch;
        }
        foreach (var group in batch.Where(e => refused.Contains(e.EngineId)).GroupBy(e => e.EngineId, StringComparer.Ordinal))
        {
            fence.ReportDroppedWrites(group.Key, group.Count());
        }
        return batch.Where(e => !refused.Contains(e.EngineId)).ToList();
    }
}
