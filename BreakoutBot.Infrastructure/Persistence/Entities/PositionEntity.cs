using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>
/// The latest state of one position: entry, stop, targets, quantities, fees, P&amp;L (currency and R), status, close
/// reason and every partial exit (JSON). Enough to restore an open position after a restart. (EngineId, PositionId) is unique.
/// </summary>
public sealed class PositionEntity
{
    public long Id { get; set; }

    public string EngineId { get; set; } = "";

    public string PositionId { get; set; } = "";

    public string InstrumentId { get; set; } = "";

    public PositionSide Side { get; set; }

    public string Strategy { get; set; } = "";

    public string SignalId { get; set; } = "";

    public PositionStatus Status { get; set; }

    public decimal PlannedQuantity { get; set; }

    public decimal PlannedEntry { get; set; }

    public decimal EntryPrice { get; set; }

    public decimal EntryQuantity { get; set; }

    /// <summary>Quantity still open.</summary>
    public decimal Quantity { get; set; }

    public decimal InitialStop { get; set; }

    public decimal StopLoss { get; set; }

    public decimal TakeProfit1 { get; set; }

    public decimal TakeProfit2 { get; set; }

    public decimal EntryFees { get; set; }

    public decimal ExitFees { get; set; }

    public decimal GrossRealizedPnl { get; set; }

    /// <summary>Realised P&amp;L net of all fees.</summary>
    public decimal NetRealizedPnl { get; set; }

    /// <summary>Net P&amp;L (realised + unrealised at the last price) when the row was written.</summary>
    public decimal NetPnl { get; set; }

    public double PnlR { get; set; }

    public decimal LastPrice { get; set; }

    public decimal BestPrice { get; set; }

    public bool Tp1Done { get; set; }

    public bool Tp2Done { get; set; }

    public bool BreakevenMoved { get; set; }

    public bool TrailingActive { get; set; }

    public ExitReason? CloseReason { get; set; }

    /// <summary>The partial and final exits (time, quantity, price, reason, fee, gross P&amp;L, order id) as JSON.</summary>
    public string ExitsJson { get; set; } = "[]";

    public string? EntryOrderId { get; set; }

    public string? StopOrderId { get; set; }

    public string? Tp1OrderId { get; set; }

    public string? Tp2OrderId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? OpenedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
