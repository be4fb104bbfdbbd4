using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>
/// A TP and/or SL attached to a new order (<c>attachAlgoOrds[]</c>). It goes live when the parent fills and then
/// rests on the exchange. Order prices default to <see cref="MarketPrice"/> (-1: market on trigger).
/// </summary>
public sealed record OkxAttachAlgoRequest
{
    public const decimal MarketPrice = -1m;

    public string? AttachAlgoClientOrderId { get; init; }

    public decimal? TakeProfitTriggerPrice { get; init; }

    public decimal TakeProfitOrderPrice { get; init; } = MarketPrice;

    /// <summary>last, index or mark; OKX defaults to last.</summary>
    public string? TakeProfitTriggerPriceType { get; init; }

    public decimal? StopLossTriggerPrice { get; init; }

    public decimal StopLossOrderPrice { get; init; } = MarketPrice;

    public string? StopLossTriggerPriceType { get; init; }

    /// <summary>Only for split take-profits.</summary>
    public decimal? Size { get; init; }

    internal void Write(Utf8JsonWriter writer)
    {
        if (TakeProfitTriggerPrice is null && StopLossTriggerPrice is null)
        {
            throw new ArgumentException("An attached algo order needs a take-profit (tpTriggerPx) or a stop-loss (slTriggerPx) trigger price.");
        }
        OkxClientOrderId.ThrowIfInvalid(AttachAlgoClientOrderId, "attachAlgoClOrdId");
        writer.WriteStartObject();
        OkxBody.Text(writer, "attachAlgoClOrdId", AttachAlgoClientOrderId);
        if (TakeProfitTriggerPrice is not null)
        {
            OkxBody.Number(writer, "tpTriggerPx", TakeProfitTriggerPrice);
            OkxBody.Number(writer, "tpOrdPx", TakeProfitOrderPrice);
            OkxBody.Text(writer, "tpTriggerPxType", TakeProfitTriggerPriceType);
        }
        if (StopLossTriggerPrice is not null)
        {
            OkxBody.Number(writer, "slTriggerPx", StopLossTriggerPrice);
            OkxBody.Number(writer, "slOrdPx", StopLossOrderPrice);
            OkxBody.Text(writer, "slTriggerPxType", StopLossTriggerPriceType);
        }
        OkxBody.Number(writer, "sz", Size);
        writer.WriteEndObject();
    }
}
