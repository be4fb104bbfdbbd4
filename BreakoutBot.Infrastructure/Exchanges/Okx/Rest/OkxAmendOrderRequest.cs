namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>Body of <c>POST /api/v5/trade/amend-order</c>. <see cref="NewSize"/> is the new total size, not the remainder.</summary>
public sealed record OkxAmendOrderRequest
{
    public required string InstrumentId { get; init; }

    public string? OrderId { get; init; }

    public string? ClientOrderId { get; init; }

    public decimal? NewSize { get; init; }

    public decimal? NewPrice { get; init; }

    /// <summary><c>cxlOnFail</c>: cancel the order when the amend fails.</summary>
    public bool? CancelOnFail { get; init; }

    public string? RequestId { get; init; }

    public string ToJson()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(InstrumentId);
        if (string.IsNullOrEmpty(OrderId) && string.IsNullOrEmpty(ClientOrderId))
        {
            throw new ArgumentException($"Amending an order on {InstrumentId} needs ordId or clOrdId.", nameof(OrderId));
        }
        if (NewSize is null && NewPrice is null)
        {
            throw new ArgumentException($"Amending an order on {InstrumentId} needs newSz or newPx.", nameof(NewSize));
        }
        OkxClientOrderId.ThrowIfInvalid(ClientOrderId, "clOrdId");
        OkxClientOrderId.ThrowIfInvalid(RequestId, "reqId");
        return OkxBody.Write(writer =>
        {
            writer.WriteStartObject();
            OkxBody.Text(writer, "instId", InstrumentId);
            OkxBody.Text(writer, "ordId", OrderId);
            OkxBody.Text(writer, "clOrdId", ClientOrderId);
            OkxBody.Text(writer, "reqId", RequestId);
            OkxBody.Boolean(writer, "cxlOnFail", CancelOnFail);
            OkxBody.Number(writer, "newSz", NewSize);
            OkxBody.Number(writer, "newPx", NewPrice);
            writer.WriteEndObject();
        });
    }
}
