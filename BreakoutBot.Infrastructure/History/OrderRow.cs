using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.History;

/// <summary>An order as listed in the order history.</summary>
public sealed record OrderRow(
    string EngineId,
    string OrderId,
    string Symbol,
    OrderSide Side,
    OrderType Type,
    OrderStatus Status,
    decimal Quantity,
    decimal? Price,
    decimal? TriggerPrice,
    decimal FilledQuantity,
    decimal AverageFillPrice,
    decimal Fee,
    bool ReduceOnly,
    string? Tag,
    string? RejectReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
