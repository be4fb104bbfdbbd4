namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// A net-mode position on the fake OKX server: <see cref="Contracts"/> is signed (positive long, negative short).
/// <see cref="RealizedPnl"/> includes fees, as OKX's realizedPnl does.
/// </summary>
public sealed record FakeOkxPosition
{
    public required string PosId { get; init; }
    public required string InstType { get; init; }
    public required string InstId { get; init; }
    public required string MarginMode { get; init; }
    public required decimal Contracts { get; init; }
    public decimal? AveragePrice { get; init; }
    public decimal RealizedPnl { get; init; }
    public decimal ClosedPnl { get; init; }
    public decimal Fee { get; init; }
    public decimal Leverage { get; init; }
    public string LastTradeId { get; init; } = string.Empty;
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public bool IsOpen => Contracts != 0m;
}
