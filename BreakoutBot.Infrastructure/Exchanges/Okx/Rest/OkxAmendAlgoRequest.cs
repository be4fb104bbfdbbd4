namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>Body of <c>POST /api/v5/trade/amend-algos</c>: moves a resting TP/SL (trailing, breakeven) or changes its size.</summary>
public sealed record OkxAmendAlgoRequest
{
    public required string InstrumentId { get; init; }

    public string? AlgoId { get; init; }

    public string? AlgoClientOrderId { get; init; }

    public decimal? NewSize { get; init; }

    public decimal? NewTakeProfitTriggerPrice { get; init; }

    public decimal? NewTakeProfitOrderPrice { get; init; }

    public decimal? NewStopLossTriggerPrice { get; init; }

    public decimal? NewStopLossOrderPrice { get; init; }

    public bool? CancelOnFail { get; init; }

    public string? RequestId { get; init; }

    public string ToJson()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(InstrumentId);
        if (string.IsNullOrEmpty(AlgoId) && string.IsNullOrEmpty(AlgoClientOrderId))
        {
            throw new ArgumentException($"Amending an algo order on {InstrumentId} needs algoId or algoClOrdId.", nameof(AlgoId));
        }
        OkxClientOrderId.ThrowIfInvalid(RequestId, "reqId");
        return OkxBody.Write(writer =>
        {
            writer.WriteStartObject();
            OkxBody.Text(writer, "instId", InstrumentId);
            OkxBody.Text(writer, "algoId", AlgoId);
            OkxBody.Text(writer, "algoClOrdId", AlgoClientOrderId);
            OkxBody.Text(writer, "reqId", RequestId);
            OkxBody.Boolean(writer, "cxlOnFail", CancelOnFail);
            OkxBody.Number(writer, "newSz", NewSize);
            OkxBody.Number(writer, "newTpTriggerPx", NewTakeProfitTriggerPrice);
            OkxBody.Number(writer, "newTpOrdPx", NewTakeProfitOrderPrice);
            OkxBody.Number(writer, "newSlTriggerPx", NewStopLossTriggerPrice);
            OkxBody.Number(writer, "newSlOrdPx", NewStopLossOrderPrice);
            writer.WriteEndObject();
        });
    }
}
