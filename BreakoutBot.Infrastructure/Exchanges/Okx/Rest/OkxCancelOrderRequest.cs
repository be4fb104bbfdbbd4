namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>Body of <c>POST /api/v5/trade/cancel-order</c>: instId plus ordId or clOrdId (OKX uses ordId when both are sent).</summary>
public sealed record OkxCancelOrderRequest(string InstrumentId, string? OrderId = null, string? ClientOrderId = null)
{
    public string ToJson()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(InstrumentId);
        if (string.IsNullOrEmpty(OrderId) && string.IsNullOrEmpty(ClientOrderId))
        {
            throw new ArgumentException($"Cancelling an order on {InstrumentId} needs ordId or clOrdId.", nameof(OrderId));
        }
        return OkxBody.Write(writer =>
        {
            writer.WriteStartObject();
            OkxBody.Text(writer, "instId", InstrumentId);
            OkxBody.Text(writer, "ordId", OrderId);
            OkxBody.Text(writer, "clOrdId", ClientOrderId);
            writer.WriteEndObject();
        });
    }
}
