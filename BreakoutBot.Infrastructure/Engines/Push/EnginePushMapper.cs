using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Infrastructure.Persistence.Events;

namespace BreakoutBot.Infrastructure.Engines.Push;

/// <summary>
/// Turns engine events into <see cref="EnginePushMessage"/>s on the publishing thread, so no live engine object
/// (positions are mutable and owned by the engine) is read later. <see cref="EnginePushTypes.StopMoved"/> and
/// <see cref="EnginePushTypes.TakeProfit"/> have no engine event of their own: they are found by comparing each
/// position's snapshot with the one before it (stop price; TP1/TP2 done). One instance per engine; thread-safe.
/// </summary>
public sealed class EnginePushMapper
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PositionMark> _positions = new(StringComparer.Ordinal);

    /// <summary>Notes what later events are compared with; called for every event, watched or not (cheap).</summary>
    public void Track(EngineEvent engineEvent)
    {
        switch (engineEvent)
        {
            case PositionOpenedEvent opened:
                Remember(opened.Position.Id, new PositionMark(opened.Position.StopLoss, opened.Position.Tp1Done, opened.Position.Tp2Done));
                break;
            case PositionSnapshotEvent snapshot when snapshot.Row.Status is PositionStatus.Open or PositionStatus.Opening:
                Remember(snapshot.Row.PositionId, new PositionMark(snapshot.Row.StopLoss, snapshot.Row.Tp1Done, snapshot.Row.Tp2Done));
                break;
            case PositionSnapshotEvent snapshot:
                Forget(snapshot.Row.PositionId);
                break;
            case PositionClosedEvent closed:
                Forget(closed.Position.Id);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// The messages for <paramref name="engineEvent"/> (none for events nobody outside the engine needs), then
    /// <see cref="Track"/>s it. <paramref name="publishedAt"/> is the wall-clock time of publication.
    /// </summary>
    public IReadOnlyList<EnginePushMessage> Map(EngineEvent engineEvent, DateTimeOffset publishedAt)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        var messages = new List<EnginePushMessage>(2);
        void Add(string type, object data) =>
            messages.Add(new EnginePushMessage(type, engineEvent.Time.ToUnixTimeMilliseconds(), engineEvent.EngineId, publishedAt, data));

        switch (engineEvent)
        {
            case StateChangedEvent s:
                Add(EnginePushTypes.FsmTransition, new
                {
                    from_state = s.Transition.From.ToWireName(),
                    to_state = s.Transition.To.ToWireName(),
                    reason = s.Transition.Reason,
                    timestamp = s.Transition.Time,
                    forced = s.Transition.Forced,
                });
                break;
            case EngineErrorEvent e:
                Add(EnginePushTypes.Error, new
                {
                    component = e.Decision.Key.Split(':')[0],
                    severity = e.Decision.Severity.ToString().ToUpperInvariant(),
                    message = e.Decision.Message,
                    category = e.Decision.Category.ToString().ToLowerInvariant(),
                    strategy = e.Decision.Strategy.ToString().ToUpperInvariant(),
                    next_state = e.Decision.NextState?.ToWireName(),
                });
                break;
            case KillSwitchEvent k:
                Add(EnginePushTypes.KillSwitch, new { reason = k.KillSwitch.Reason, triggered_at = k.KillSwitch.TriggeredAt ?? k.Time });
                break;
            case OrderUpdatedEvent o:
                Add(EnginePushTypes.OrderUpdated, OrderData(o.Order));
                break;
            case FillRecordedEvent f:
                Add(EnginePushTypes.Fill, new
                {
                    fill_id = f.Fill.FillId,
                    order_id = f.Fill.OrderId,
                    instrument_id = f.Fill.InstrumentId,
                    side = f.Fill.Side.ToString().ToLowerInvariant(),
                    quantity = f.Fill.Quantity,
                    price = f.Fill.Price,
                    fee = f.Fill.Fee,
                    is_maker = f.Fill.IsMaker,
                    time = f.Fill.Time,
                });
                break;
            case PositionOpenedEvent p:
                Add(EnginePushTypes.PositionOpen, PositionData(EntityMapper.ToEntity(p.EngineId, p.Position, p.Time)));
                break;
            case PositionClosedEvent p:
                Add(EnginePushTypes.PositionClose, PositionData(EntityMapper.ToEntity(p.EngineId, p.Position, p.Time)));
                break;
            case PositionSnapshotEvent p:
                AddDerived(p.Row, Add);
                Add(EnginePushTypes.PositionUpdate, PositionData(p.Row));
                break;
            case SignalEvent s:
                Add(EnginePushTypes.Signal, new
                {
                    signal_id = s.Signal.Id,
                    instrument_id = s.Signal.InstrumentId,
                    side = s.Signal.Side.ToString().ToLowerInvariant(),
                    strategy = s.Signal.Strategy.ToString(),
                    status = s.Status.ToString().ToLowerInvariant(),
                    reason = s.Reason,
                    entry = s.Signal.Entry,
                    stop_loss = s.Signal.StopLoss,
                    take_profit_1 = s.Signal.TakeProfit1,
                    take_profit_2 = s.Signal.TakeProfit2,
                    confidence = s.Signal.Confidence,
                });
                break;
            case ScanCompletedEvent s:
                Add(EnginePushTypes.ScanResult, new
                {
                    total_scanned = s.Scan.TotalScanned,
                    passed_filters = s.Scan.PassedFilters,
                    candidates = s.Scan.Results.Take(10).Select(r => new { instrument_id = r.InstrumentId, score = r.Score, rank = r.Rank }).ToList(),
                });
                break;
            case EngineStatusChangedEvent s:
                Add(EnginePushTypes.EngineUpdate, StatusData(s.Status, s.Command));
                break;
            case EngineRemovedEvent:
                Add(EnginePushTypes.EngineRemoved, new { });
                break;
            default:
                break;
        }
        Track(engineEvent);
        return messages;
    }

    private void AddDerived(PositionEntity row, Action<string, object> add)
    {
        PositionMark? before;
        lock (_gate)
        {
            before = _positions.TryGetValue(row.PositionId, out var b) ? b : null;
        }
        if (before is null)
        {
            return;
        }
        if (row.StopLoss != before.Stop)
        {
            add(EnginePushTypes.StopMoved, new
            {
                position_id = row.PositionId,
                instrument_id = row.InstrumentId,
                old_sl = before.Stop,
                new_sl = row.StopLoss,
                breakeven = row.BreakevenMoved,
                trailing = row.TrailingActive,
            });
        }
        if (row.Tp1Done && !before.Tp1Done)
        {
            add(EnginePushTypes.TakeProfit, TakeProfitData(row, 1));
        }
        if (row.Tp2Done && !before.Tp2Done)
        {
            add(EnginePushTypes.TakeProfit, TakeProfitData(row, 2));
        }
    }

    private static object TakeProfitData(PositionEntity row, int target) => new
    {
        position_id = row.PositionId,
        instrument_id = row.InstrumentId,
        target,
        pnl = row.NetPnl,
        pnlR = row.PnlR,
    };

    private static object OrderData(Order o) => new
    {
        order_id = o.OrderId,
        client_order_id = o.ClientOrderId,
        instrument_id = o.InstrumentId,
        side = o.Side.ToString().ToLowerInvariant(),
        order_type = o.Type.ToString(),
        status = o.Status.ToString(),
        quantity = o.Quantity,
        price = o.Price,
        trigger_price = o.TriggerPrice,
        filled_quantity = o.FilledQuantity,
        average_fill_price = o.AverageFillPrice,
        reduce_only = o.ReduceOnly,
        reject_reason = o.RejectReason,
        updated_at = o.UpdatedAt,
    };

    private static object PositionData(PositionEntity p) => new
    {
        position_id = p.PositionId,
        instrument_id = p.InstrumentId,
        side = p.Side.ToString().ToLowerInvariant(),
        status = p.Status.ToString().ToLowerInvariant(),
        quantity = p.Quantity,
        entry_price = p.EntryPrice,
        stop_loss = p.StopLoss,
        take_profit_1 = p.TakeProfit1,
        take_profit_2 = p.TakeProfit2,
        net_pnl = p.NetPnl,
        pnlR = p.PnlR,
        close_reason = p.CloseReason?.ToString(),
        opened_at = p.OpenedAt,
        closed_at = p.ClosedAt,
    };

    private static object StatusData(EngineStatus s, EngineCommandProgress? command) => new
    {
        state = s.StateName,
        running = s.State.IsRunning(),
        preset = s.Preset,
        mode = s.Mode.ToString().ToLowerInvariant(),
        equity = s.Equity,
        cash = s.Cash,
        daily_pnl = s.DailyPnl,
        open_positions = s.OpenPositions,
        free_slots = s.FreeSlots,
        kill_switch = s.KillSwitch.Triggered,
        last_error = s.LastError,
        cycle_count = s.CycleCount,
        last_cycle_at = s.LastCycleAt,
        // The names the API's command routes take (emergency-stop), as the status route lists them.
        available_commands = s.AvailableCommands.Select(c => c.ToWireName()).ToList(),
        command = command is null ? null : new { name = command.Command.ToWireName(), step = command.Step, pending = command.IsPending, message = command.Outcome?.Message },
    };

    private void Remember(string positionId, PositionMark mark)
    {
        lock (_gate)
        {
            _positions[positionId] = mark;
        }
    }

    private void Forget(string positionId)
    {
        lock (_gate)
        {
            _positions.Remove(positionId);
        }
    }

    private sealed record PositionMark(decimal Stop, bool Tp1Done, bool Tp2Done);
}
