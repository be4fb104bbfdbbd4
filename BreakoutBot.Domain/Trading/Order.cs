namespace BreakoutBot.Domain.Trading;

/// <summary>The exchange's view of an order at one moment (immutable; a newer state is a new record).</summary>
public sealed record Order(
    string OrderId,
    string ClientOrderId,
    string InstrumentId,
    OrderSide Side,
    OrderType Type,
    decimal Quantity,
    decimal? Price,
    decimal? TriggerPrice,
    bool ReduceOnly,
    OrderStatus Status,
    decimal FilledQuantity,
    decimal AverageFillPrice,
    decimal Fee,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Tag = null,
    string? RejectReason = null)
{
    public bool IsOpen => Status is OrderStatus.New or OrderStatus.PartiallyFilled;
}
