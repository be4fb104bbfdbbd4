using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>The latest known state of one exchange order. (EngineId, OrderId) is unique.</summary>
public sealed class OrderEntity
{
    public long Id { get; set; }

    public string EngineId { get; set; } = "";

    public string OrderId { get; set; } = "";

    public string ClientOrderId { get; set; } = "";

    public string InstrumentId { get; set; } = "";

    public OrderSide Side { get; set; }

    public OrderType Type { get; set; }

    public decimal Quantity { get; set; }

    public decimal? Price { get; set; }

    public decimal? TriggerPrice { get; set; }

    public bool ReduceOnly { get; set; }

    public OrderStatus Status { get; set; }

    public decimal FilledQuantity { get; set; }

    public decimal AverageFillPrice { get; set; }

    public decimal Fee { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? Tag { get; set; }

    public string? RejectReason { get; set; }
}
