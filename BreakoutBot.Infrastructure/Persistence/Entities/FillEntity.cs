using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>One execution on an engine's account. (EngineId, FillId) is unique.</summary>
public sealed class FillEntity
{
    public long Id { get; set; }

    public string EngineId { get; set; } = "";

    public string FillId { get; set; } = "";

    public long Sequence { get; set; }

    public string OrderId { get; set; } = "";

    public string ClientOrderId { get; set; } = "";

    public string InstrumentId { get; set; } = "";

    public OrderSide Side { get; set; }

    public decimal Quantity { get; set; }

    public decimal Price { get; set; }

    public decimal Fee { get; set; }

    public bool IsMaker { get; set; }

    public DateTimeOffset Time { get; set; }

    public string? Tag { get; set; }
}
