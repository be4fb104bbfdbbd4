using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Persistence.Entities;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>Maps the engine's domain objects to rows (and copies rows onto existing ones for upserts).</summary>
public static class EntityMapper
{
    public static StateTransitionEntity ToEntity(string engineId, StateTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return new StateTransitionEntity
        {
            EngineId = engineId,
            From = transition.From,
            To = transition.To,
            Reason = transition.Reason,
            MetadataJson = PersistenceJson.Serialize(transition.Metadata),
            Time = transition.Time,
            Forced = transition.Forced,
        };
    }

    public static SignalEntity ToEntity(string engineId, Signal signal, SignalStatus status, string? reason, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return new SignalEntity
        {
            EngineId = engineId,
            SignalId = signal.Id,
            InstrumentId = signal.InstrumentId,
            Side = signal.Side,
            Strategy = signal.Strategy,
            Entry = signal.Entry,
            StopLoss = signal.StopLoss,
            TakeProfit1 = signal.TakeProfit1,
            TakeProfit2 = signal.TakeProfit2,
            Confidence = signal.Confidence,
            Atr = signal.Atr,
            BtcCorrelation = signal.BtcCorrelation,
            ConditionsJson = PersistenceJson.Serialize(signal.Conditions),
            LevelJson = PersistenceJson.Serialize(signal.Level),
            Status = status,
            Reason = reason,
            CreatedAt = signal.CreatedAt,
            ExpiresAt = signal.ExpiresAt,
            UpdatedAt = time,
        };
    }

    /// <summary>Copies the position as it is now (call on the engine's thread).</summary>
    public static PositionEntity ToEntity(string engineId, Position position, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(position);
        return new PositionEntity
        {
            EngineId = engineId,
            PositionId = position.Id,
            InstrumentId = position.InstrumentId,
            Side = position.Side,
            Strategy = position.Strategy,
            SignalId = position.SignalId,
            Status = position.Status,
            PlannedQuantity = position.PlannedQuantity,
            PlannedEntry = position.PlannedEntry,
            EntryPrice = position.EntryPrice,
            EntryQuantity = position.EntryQuantity,
            Quantity = position.Quantity,
            InitialStop = position.InitialStop,
            StopLoss = position.StopLoss,
            TakeProfit1 = position.TakeProfit1,
            TakeProfit2 = position.TakeProfit2,
            EntryFees = position.EntryFees,
            ExitFees = position.ExitFees,
            GrossRealizedPnl = position.GrossRealizedPnl,
            NetRealizedPnl = position.NetRealizedPnl,
            NetPnl = position.NetPnl,
            PnlR = position.PnlR,
            LastPrice = position.LastPrice,
            BestPrice = position.BestPrice,
            Tp1Done = position.Tp1Done,
            Tp2Done = position.Tp2Done,
            BreakevenMoved = position.BreakevenMoved,
            TrailingActive = position.TrailingActive,
            CloseReason = position.CloseReason,
            ExitsJson = PersistenceJson.Serialize(position.Exits),
            EntryOrderId = position.EntryOrderId,
            StopOrderId = position.StopOrderId,
            Tp1OrderId = position.Tp1OrderId,
            Tp2OrderId = position.Tp2OrderId,
            CreatedAt = position.CreatedAt,
            OpenedAt = position.OpenedAt,
            ClosedAt = position.ClosedAt,
            UpdatedAt = time,
        };
    }

    public static OrderEntity ToEntity(string engineId, Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderEntity
        {
            EngineId = engineId,
            OrderId = order.OrderId,
            ClientOrderId = order.ClientOrderId,
            InstrumentId = order.InstrumentId,
            Side = order.Side,
            Type = order.Type,
            Quantity = order.Quantity,
            Price = order.Price,
            TriggerPrice = order.TriggerPrice,
            ReduceOnly = order.ReduceOnly,
            Status = order.Status,
            FilledQuantity = order.FilledQuantity,
            AverageFillPrice = order.AverageFillPrice,
            Fee = order.Fee,
            CreatedAt = order.CreatedAt,
            UpdatedAt = order.UpdatedAt,
            Tag = order.Tag,
            RejectReason = order.RejectReason,
        };
    }

    public static FillEntity ToEntity(string engineId, Fill fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        return new FillEntity
        {
            EngineId = engineId,
            FillId = fill.FillId,
            Sequence = fill.Sequence,
            OrderId = fill.OrderId,
            ClientOrderId = fill.ClientOrderId,
            InstrumentId = fill.InstrumentId,
            Side = fill.Side,
            Quantity = fill.Quantity,
            Price = fill.Price,
            Fee = fill.Fee,
            IsMaker = fill.IsMaker,
            Time = fill.Time,
            Tag = fill.Tag,
        };
    }

    /// <summary>The positions' exits as stored in <see cref="PositionEntity.ExitsJson"/>.</summary>
    /// <summary>
    /// A stored position as the engine restores it; <paramref name="resting"/> maps each stored stop or take-profit id to
    /// itself when that order still rests, else to null (the engine re-places what is missing).
    /// </summary>
    public static PositionRecord ToRecord(PositionEntity p, Func<string?, string?> resting)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(resting);
        return new PositionRecord(p.PositionId, p.InstrumentId, p.Side, p.Strategy, p.SignalId, p.Status,
            p.PlannedQuantity, p.PlannedEntry, p.EntryPrice, p.EntryQuantity, p.Quantity, p.InitialStop, p.StopLoss, p.TakeProfit1,
            p.TakeProfit2, p.EntryFees, p.ExitFees, p.GrossRealizedPnl, p.LastPrice, p.BestPrice, p.Tp1Done, p.Tp2Done,
            p.BreakevenMoved, p.TrailingActive, p.EntryOrderId, resting(p.StopOrderId), resting(p.Tp1OrderId),
            resting(p.Tp2OrderId), p.CreatedAt, p.OpenedAt, ReadExits(p));
    }

    public static IReadOnlyList<PositionExit> ReadExits(PositionEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return PersistenceJson.Deserialize<List<PositionExit>>(row.ExitsJson) ?? [];
    }
}
