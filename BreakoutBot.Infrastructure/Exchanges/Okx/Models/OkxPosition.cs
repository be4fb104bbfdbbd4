using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// One position from <c>/account/positions</c>. <see cref="Size"/> (<c>pos</c>) is contracts for SWAP; in net mode
/// (<see cref="PositionSide"/> "net") it is signed: positive long, negative short.
/// </summary>
public sealed record OkxPosition
{
    public required string InstrumentId { get; init; }

    public required string InstrumentType { get; init; }

    public required string PositionId { get; init; }

    /// <summary><c>posSide</c>: long, short or net.</summary>
    public required string PositionSide { get; init; }

    /// <summary><c>pos</c>.</summary>
    public required decimal Size { get; init; }

    public decimal? AvailableSize { get; init; }

    public decimal? AveragePrice { get; init; }

    public decimal? MarkPrice { get; init; }

    public decimal? LiquidationPrice { get; init; }

    public decimal? UnrealizedPnl { get; init; }

    public decimal? RealizedPnl { get; init; }

    public decimal? Leverage { get; init; }

    /// <summary><c>mgnMode</c>: cross or isolated.</summary>
    public required string MarginMode { get; init; }

    /// <summary><c>margin</c>: isolated margin; null for cross.</summary>
    public decimal? Margin { get; init; }

    public string? Currency { get; init; }

    /// <summary>The <c>algoId</c>s of the position's close-order algos (TP/SL on the whole position).</summary>
    public IReadOnlyList<string> CloseOrderAlgoIds { get; init; } = [];

    public DateTimeOffset? CreatedTime { get; init; }

    public DateTimeOffset? UpdatedTime { get; init; }

    /// <summary>The signed size in contracts: short positions in long/short mode become negative.</summary>
    public decimal SignedSize => PositionSide == "short" ? -Math.Abs(Size) : Size;

    public static OkxPosition FromJson(JsonElement item) => new()
    {
        InstrumentId = OkxJson.Text(item, "instId"),
        InstrumentType = OkxJson.Text(item, "instType"),
        PositionId = OkxJson.Text(item, "posId"),
        PositionSide = OkxJson.Text(item, "posSide"),
        Size = OkxJson.DecimalOrZero(item, "pos"),
        AvailableSize = OkxJson.Decimal(item, "availPos"),
        AveragePrice = OkxJson.Decimal(item, "avgPx"),
        MarkPrice = OkxJson.Decimal(item, "markPx"),
        LiquidationPrice = OkxJson.Decimal(item, "liqPx"),
        UnrealizedPnl = OkxJson.Decimal(item, "upl"),
        RealizedPnl = OkxJson.Decimal(item, "realizedPnl"),
        Leverage = OkxJson.Decimal(item, "lever"),
        MarginMode = OkxJson.Text(item, "mgnMode"),
        Margin = OkxJson.Decimal(item, "margin"),
        Currency = OkxJson.TextOrNull(item, "ccy"),
        CloseOrderAlgoIds = OkxJson.Array(item, "closeOrderAlgo").Select(algo => OkxJson.Text(algo, "algoId")).Where(id => id.Length > 0).ToList(),
        CreatedTime = OkxJson.Time(item, "cTime"),
        UpdatedTime = OkxJson.Time(item, "uTime"),
    };
}
