namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>
/// Body of <c>POST /api/v5/trade/order-algo</c>: a <c>conditional</c> (one TP or SL; in net mode with both only the SL
/// runs), an <c>oco</c> (TP and SL), or a <c>trigger</c> order. Prices of -1 mean market on trigger. Give
/// <see cref="Size"/>, or <see cref="CloseFraction"/> 1 with <see cref="ReduceOnly"/> to close the whole net position.
/// </summary>
public sealed record OkxAlgoOrderRequest
{
    public const decimal MarketPrice = -1m;

    public required string InstrumentId { get; init; }

    public required string TradeMode { get; init; }

    public required string Side { get; init; }

    /// <summary>conditional, oco or trigger.</summary>
    public required string OrderType { get; init; }

    public decimal? Size { get; init; }

    public decimal? CloseFraction { get; init; }

    public string? PositionSide { get; init; }

    public bool? ReduceOnly { get; init; }

    public string? AlgoClientOrderId { get; init; }

    public string? Tag { get; init; }

    public string? TargetCurrency { get; init; }

    public decimal? TakeProfitTriggerPrice { get; init; }

    public decimal? TakeProfitOrderPrice { get; init; }

    public string? TakeProfitTriggerPriceType { get; init; }

    public decimal? StopLossTriggerPrice { get; init; }

    public decimal? StopLossOrderPrice { get; init; }

    public string? StopLossTriggerPriceType { get; init; }

    /// <summary>trigger orders: the trigger price.</summary>
    public decimal? TriggerPrice { get; init; }

    /// <summary>trigger orders: the order price (-1 market).</summary>
    public decimal? OrderPrice { get; init; }

    public string? TriggerPriceType { get; init; }

    public string ToJson()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(InstrumentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(TradeMode);
        ArgumentException.ThrowIfNullOrWhiteSpace(Side);
        ArgumentException.ThrowIfNullOrWhiteSpace(OrderType);
        if (Size is null && CloseFraction is null)
        {
            throw new ArgumentException($"An algo order on {InstrumentId} needs sz or closeFraction.", nameof(Size));
        }
        OkxClientOrderId.ThrowIfInvalid(AlgoClientOrderId, "algoClOrdId");
        return OkxBody.Write(writer =>
        {
            writer.WriteStartObject();
            OkxBody.Text(writer, "instId", InstrumentId);
            OkxBody.Text(writer, "tdMode", TradeMode);
            OkxBody.Text(writer, "side", Side);
            OkxBody.Text(writer, "posSide", PositionSide);
            OkxBody.Text(writer, "ordType", OrderType);
            OkxBody.Number(writer, "sz", Size);
            OkxBody.Number(writer, "closeFraction", CloseFraction);
            OkxBody.Text(writer, "algoClOrdId", AlgoClientOrderId);
            OkxBody.Text(writer, "tag", Tag);
            OkxBody.Text(writer, "tgtCcy", TargetCurrency);
            OkxBody.Boolean(writer, "reduceOnly", ReduceOnly);
            if (TakeProfitTriggerPrice is not null)
            {
                OkxBody.Number(writer, "tpTriggerPx", TakeProfitTriggerPrice);
                OkxBody.Number(writer, "tpOrdPx", TakeProfitOrderPrice ?? MarketPrice);
                OkxBody.Text(writer, "tpTriggerPxType", TakeProfitTriggerPriceType);
            }
            if (StopLossTriggerPrice is not null)
            {
                OkxBody.Number(writer, "slTriggerPx", StopLossTriggerPrice);
                OkxBody.Number(writer, "slOrdPx", StopLossOrderPrice ?? MarketPrice);
                OkxBody.Text(writer, "slTriggerPxType", StopLossTriggerPriceType);
            }
            if (TriggerPrice is not null)
            {
                OkxBody.Number(writer, "triggerPx", TriggerPrice);
                OkxBody.Number(writer, "orderPx", OrderPrice ?? MarketPrice);
                OkxBody.Text(writer, "triggerPxType", TriggerPriceType);
            }
            writer.WriteEndObject();
        });
    }
}
