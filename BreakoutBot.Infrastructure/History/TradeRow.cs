using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.History;

/// <summary>A position (open or closed) as listed in the trade history.</summary>
public sealed record TradeRow(
    string EngineId,
    string PositionId,
    string Symbol,
    PositionSide Side,
    string Strategy,
    PositionStatus Status,
    decimal EntryPrice,
    decimal EntryQuantity,
    decimal StopLoss,
    decimal TakeProfit1,
    decimal TakeProfit2,
    decimal Fees,
    decimal NetPnl,
    double PnlR,
    ExitReason? CloseReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClosedAt);
