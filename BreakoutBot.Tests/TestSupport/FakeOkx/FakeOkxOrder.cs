namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// An order the fake OKX server accepted (a snapshot: the server replaces it on every change). Sizes are in
/// contracts for SWAP and base currency for SPOT (for a SPOT market buy in quote currency, <see cref="Size"/> is
/// in USDT and <see cref="FilledSize"/> in base). <see cref="Fee"/> is negative when charged, as OKX reports it.
/// </summary>
public sealed record FakeOkxOrder
{
    public required string OrdId { get; init; }
    public required string ClOrdId { get; init; }
    public required string Tag { get; init; }
    public required string InstType { get; init; }
    public required string InstId { get; init; }
    /// <summary>buy or sell.</summary>
    public required string Side { get; init; }
    /// <summary>market, limit or post_only.</summary>
    public required string OrdType { get; init; }
    public required string TdMode { get; init; }
    public required decimal Size { get; init; }
    public decimal? Price { get; init; }
    public required bool ReduceOnly { get; init; }
    public string TgtCcy { get; init; } = string.Empty;
    /// <summary>live, partially_filled, filled or canceled.</summary>
    public required string State { get; init; }
    public decimal FilledSize { get; init; }
    public decimal? AveragePrice { get; init; }
    public decimal? LastFillPrice { get; init; }
    public decimal LastFillSize { get; init; }
    public string TradeId { get; init; } = string.Empty;
    public decimal Fee { get; init; }
    public decimal Pnl { get; init; }
    public decimal Leverage { get; init; }
    public IReadOnlyList<FakeOkxAttachedAlgo> AttachedAlgos { get; init; } = [];
    /// <summary>The algo order that created this order, or "".</summary>
    public string AlgoId { get; init; } = string.Empty;
    /// <summary>The algoClOrdId of the algo order that created this order, or "".</summary>
    public string AlgoClOrdId { get; init; } = string.Empty;
    public string CancelSource { get; init; } = string.Empty;
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FillTime { get; init; }
    /// <summary>How many times the order was amended.</summary>
    public int Amendments { get; init; }

    public bool IsPending => State is "live" or "partially_filled";
}
