namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>One item of the <c>POST /api/v5/trade/cancel-algos</c> array body: instId plus algoId or algoClOrdId.</summary>
public sealed record OkxCancelAlgoRequest(string InstrumentId, string? AlgoId = null, string? AlgoClientOrderId = null)
{
    /// <summary>The array body for several cancels.</summary>
    public static string ToJson(IReadOnlyList<OkxCancelAlgoRequest> cancels)
    {
        ArgumentNullException.ThrowIfNull(cancels);
        if (cancels.Count == 0)
        {
            throw new ArgumentException("cancel-algos needs at least one algo order.", nameof(cancels));
        }
        foreach (var cancel in cancels)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(cancel.InstrumentId);
            if (string.IsNullOrEmpty(cancel.AlgoId) && string.IsNullOrEmpty(cancel.AlgoClientOrderId))
            {
                throw new ArgumentException($"Cancelling an algo order on {cancel.InstrumentId} needs algoId or algoClOrdId.", nameof(cancels));
            }
        }
        return OkxBody.Write(writer =>
        {
            writer.WriteStartArray();
            foreach (var cancel in cancels)
            {
                writer.WriteStartObject();
                OkxBody.Text(writer, "instId", cancel.InstrumentId);
                OkxBody.Text(writer, "algoId", cancel.AlgoId);
                OkxBody.Text(writer, "algoClOrdId", cancel.AlgoClientOrderId);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        });
    }
}
