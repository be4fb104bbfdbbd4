using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>
/// An order the engine is about to send to OKX, written (and committed) before the request leaves, then completed with
/// the exchange's answer. After a crash or an unanswered request its client order id is what the order is looked up by.
/// (EngineId, ClientOrderId) is unique.
/// </summary>
public sealed class OrderIntentEntity
{
    public long Id { get; set; }

    public string EngineId { get; set; } = "";

    public string ClientOrderId { get; set; } = "";

    public string InstrumentId { get; set; } = "";

    public OrderSide Side { get; set; }

    public OrderType Type { get; set; }

    public decimal Quantity { get; set; }

    public decimal? Price { get; set; }

    public decimal? TriggerPrice { get; set; }

    public bool ReduceOnly { get; set; }

    public string? Tag { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The exchange order id once known (the algo id for stops and take-profits).</summary>
    public string? OrderId { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }
}
