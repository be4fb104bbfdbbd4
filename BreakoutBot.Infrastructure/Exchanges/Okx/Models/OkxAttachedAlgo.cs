using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>One TP/SL attached to an order (<c>attachAlgoOrds[]</c> of the order object). An order price of -1 means market.</summary>
public sealed record OkxAttachedAlgo
{
    public string? AttachAlgoId { get; init; }

    public string? AttachAlgoClientOrderId { get; init; }

    public decimal? TakeProfitTriggerPrice { get; init; }

    public decimal? TakeProfitOrderPrice { get; init; }

    public decimal? StopLossTriggerPrice { get; init; }

    public decimal? StopLossOrderPrice { get; init; }

    public decimal? Size { get; init; }

    public static OkxAttachedAlgo FromJson(JsonElement item) => new()
    {
        AttachAlgoId = OkxJson.TextOrNull(item, "attachAlgoId"),
        AttachAlgoClientOrderId = OkxJson.TextOrNull(item, "attachAlgoClOrdId"),
        TakeProfitTriggerPrice = OkxJson.Decimal(item, "tpTriggerPx"),
        TakeProfitOrderPrice = OkxJson.Decimal(item, "tpOrdPx"),
        StopLossTriggerPrice = OkxJson.Decimal(item, "slTriggerPx"),
        StopLossOrderPrice = OkxJson.Decimal(item, "slOrdPx"),
        Size = OkxJson.Decimal(item, "sz"),
    };
}
