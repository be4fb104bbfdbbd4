namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>
/// Body of <c>POST /api/v5/trade/order</c>. <see cref="Size"/> is contracts for SWAP and base currency for SPOT
/// (SPOT market orders: as <see cref="TargetCurrency"/> says; OKX defaults to quote for buys).
/// </summary>
public sealed record OkxPlaceOrderRequest
{
    public required string InstrumentId { get; init; }

    /// <summary><c>tdMode</c>: cash (spot), cross or isolated.</summary>
    public required string TradeMode { get; init; }

    /// <summary>buy or sell.</summary>
    public required string Side { get; init; }

    /// <summary>market, limit, post_only, fok, ioc, optimal_limit_ioc.</summary>
    public required string OrderType { get; init; }

    public required decimal Size { get; init; }

    /// <summary><c>px</c>: required for limit, post_only, fok and ioc.</summary>
    public decimal? Price { get; init; }

    /// <summary><c>clOrdId</c>: 1-32 letters or digits; persist it before sending so a timeout can be resolved by lookup.</summary>
    public string? ClientOrderId { get; init; }

    /// <summary>long or short in long/short mode; omit in net mode and for SPOT.</summary>
    public string? PositionSide { get; init; }

    /// <summary>Only for net-mode SWAP and MARGIN.</summary>
    public bool? ReduceOnly { get; init; }

    /// <summary>base_ccy or quote_ccy, SPOT market orders only.</summary>
    public string? TargetCurrency { get; init; }

    public string? Tag { get; init; }

    public IReadOnlyList<OkxAttachAlgoRequest> AttachedAlgoOrders { get; init; } = [];

    /// <summary>The exact JSON body sent (and signed).</summary>
    public string ToJson()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(InstrumentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(TradeMode);
        ArgumentException.ThrowIfNullOrWhiteSpace(Side);
        ArgumentException.ThrowIfNullOrWhiteSpace(OrderType);
        if (Size <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Size), Size, $"Order size for {InstrumentId} must be positive.");
        }
        OkxClientOrderId.ThrowIfInvalid(ClientOrderId, "clOrdId");
        return OkxBody.Write(writer =>
        {
            writer.WriteStartObject();
            OkxBody.Text(writer, "instId", InstrumentId);
            OkxBody.Text(writer, "tdMode", TradeMode);
            OkxBody.Text(writer, "clOrdId", ClientOrderId);
            OkxBody.Text(writer, "side", Side);
            OkxBody.Text(writer, "posSide", PositionSide);
            OkxBody.Text(writer, "ordType", OrderType);
            OkxBody.Number(writer, "px", Price);
            OkxBody.Number(writer, "sz", Size);
            OkxBody.Boolean(writer, "reduceOnly", ReduceOnly);
            OkxBody.Text(writer, "tgtCcy", TargetCurrency);
            OkxBody.Text(writer, "tag", Tag);
            if (AttachedAlgoOrders.Count > 0)
            {
                writer.WriteStartArray("attachAlgoOrds");
                foreach (var algo in AttachedAlgoOrders)
                {
                    algo.Write(writer);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        });
    }
}
