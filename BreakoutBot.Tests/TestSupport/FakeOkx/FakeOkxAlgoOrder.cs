namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// An algo order (conditional stop-loss/take-profit, oco or trigger) held by the fake OKX server, as a snapshot.
/// Attached TP/SL become algo orders when their entry fills, with <see cref="ParentOrdId"/> set.
/// </summary>
public sealed record FakeOkxAlgoOrder
{
    public required string AlgoId { get; init; }
    public required string AlgoClOrdId { get; init; }
    public required string InstType { get; init; }
    public required string InstId { get; init; }
    public required string Side { get; init; }
    /// <summary>conditional, oco or trigger.</summary>
    public required string OrdType { get; init; }
    public required string TdMode { get; init; }
    public decimal? Size { get; init; }
    public decimal? CloseFraction { get; init; }
    public required bool ReduceOnly { get; init; }
    public decimal? StopLossTriggerPrice { get; init; }
    public decimal? StopLossOrderPrice { get; init; }
    public decimal? TakeProfitTriggerPrice { get; init; }
    public decimal? TakeProfitOrderPrice { get; init; }
    public decimal? TriggerPrice { get; init; }
    public decimal? OrderPrice { get; init; }
    /// <summary>Last price when a trigger order was placed: it fires when the price crosses from this side.</summary>
    public decimal ReferencePrice { get; init; }
    /// <summary>live, effective, canceled or order_failed.</summary>
    public required string State { get; init; }
    public string ParentOrdId { get; init; } = string.Empty;
    public string AttachAlgoClOrdId { get; init; } = string.Empty;
    /// <summary>sl or tp once triggered (trigger orders: "").</summary>
    public string ActualSide { get; init; } = string.Empty;
    public decimal? ActualSize { get; init; }
    public decimal? ActualPrice { get; init; }
    /// <summary>The order placed when the algo fired, or "".</summary>
    public string ChildOrdId { get; init; } = string.Empty;
    public DateTimeOffset? TriggerTime { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public int Amendments { get; init; }

    public bool IsLive => State == "live";
}
