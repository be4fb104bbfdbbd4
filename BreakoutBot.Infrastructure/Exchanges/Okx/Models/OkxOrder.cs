using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// The order object (<c>/trade/order</c>, <c>/trade/orders-pending</c>, WS <c>orders</c>). Sizes are contracts for
/// derivatives and base currency for SPOT (a SPOT market order's <see cref="Size"/> follows <see cref="TargetCurrency"/>).
/// </summary>
public sealed record OkxOrder
{
    public required string OrderId { get; init; }

    /// <summary><c>clOrdId</c>; null when the order has none.</summary>
    public string? ClientOrderId { get; init; }

    public required string InstrumentId { get; init; }

    public string? InstrumentType { get; init; }

    /// <summary>buy or sell.</summary>
    public required string Side { get; init; }

    /// <summary>long, short or net.</summary>
    public string? PositionSide { get; init; }

    /// <summary><c>tdMode</c>: cash, cross or isolated.</summary>
    public string? TradeMode { get; init; }

    /// <summary>market, limit, post_only, fok, ioc, optimal_limit_ioc, ...</summary>
    public required string OrderType { get; init; }

    /// <summary><c>px</c>; null for market orders.</summary>
    public decimal? Price { get; init; }

    public required decimal Size { get; init; }

    /// <summary><c>state</c>: live, partially_filled, filled, canceled, mmp_canceled.</summary>
    public required string State { get; init; }

    /// <summary><c>accFillSz</c>: cumulative filled size.</summary>
    public decimal FilledSize { get; init; }

    /// <summary><c>avgPx</c>; null until something fills ("" on REST, "0" on WS).</summary>
    public decimal? AveragePrice { get; init; }

    /// <summary><c>fillPx</c> of the last fill.</summary>
    public decimal? LastFillPrice { get; init; }

    /// <summary><c>fillSz</c> of the last fill.</summary>
    public decimal? LastFillSize { get; init; }

    /// <summary><c>fee</c>: negative when charged, positive for a rebate.</summary>
    public decimal? Fee { get; init; }

    public string? FeeCurrency { get; init; }

    public decimal? Pnl { get; init; }

    /// <summary><c>reduceOnly</c> (sent by OKX as the string "true"/"false").</summary>
    public bool ReduceOnly { get; init; }

    /// <summary><c>tgtCcy</c>: base_ccy or quote_ccy for SPOT market orders.</summary>
    public string? TargetCurrency { get; init; }

    public decimal? Leverage { get; init; }

    public string? Tag { get; init; }

    public IReadOnlyList<OkxAttachedAlgo> AttachedAlgos { get; init; } = [];

    /// <summary><c>linkedAlgoOrd.algoId</c>: the TP/SL algo created from an attached order, when any.</summary>
    public string? LinkedAlgoId { get; init; }

    /// <summary><c>algoId</c>: set when this order was created by an algo order.</summary>
    public string? AlgoId { get; init; }

    public string? AlgoClientOrderId { get; init; }

    public string? CancelSource { get; init; }

    public DateTimeOffset? CreatedTime { get; init; }

    public DateTimeOffset? UpdatedTime { get; init; }

    public bool IsOpen => State is "live" or "partially_filled";

    public static OkxOrder FromJson(JsonElement item)
    {
        string? linked = null;
        if (item.TryGetProperty("linkedAlgoOrd", out var linkedAlgo) && linkedAlgo.ValueKind == JsonValueKind.Object)
        {
            linked = OkxJson.TextOrNull(linkedAlgo, "algoId");
        }
        return new OkxOrder
        {
            OrderId = OkxJson.Text(item, "ordId"),
            ClientOrderId = OkxJson.TextOrNull(item, "clOrdId"),
            InstrumentId = OkxJson.Text(item, "instId"),
            InstrumentType = OkxJson.TextOrNull(item, "instType"),
            Side = OkxJson.Text(item, "side"),
            PositionSide = OkxJson.TextOrNull(item, "posSide"),
            TradeMode = OkxJson.TextOrNull(item, "tdMode"),
            OrderType = OkxJson.Text(item, "ordType"),
            Price = OkxJson.Decimal(item, "px"),
            Size = OkxJson.DecimalOrZero(item, "sz"),
            State = OkxJson.Text(item, "state"),
            FilledSize = OkxJson.DecimalOrZero(item, "accFillSz"),
            AveragePrice = OkxJson.DecimalOrNullWhenZero(item, "avgPx"),
            LastFillPrice = OkxJson.Decimal(item, "fillPx"),
            LastFillSize = OkxJson.Decimal(item, "fillSz"),
            Fee = OkxJson.Decimal(item, "fee"),
            FeeCurrency = OkxJson.TextOrNull(item, "feeCcy"),
            Pnl = OkxJson.Decimal(item, "pnl"),
            ReduceOnly = OkxJson.Boolean(item, "reduceOnly") ?? false,
            TargetCurrency = OkxJson.TextOrNull(item, "tgtCcy"),
            Leverage = OkxJson.Decimal(item, "lever"),
            Tag = OkxJson.TextOrNull(item, "tag"),
            AttachedAlgos = OkxJson.Array(item, "attachAlgoOrds").Select(OkxAttachedAlgo.FromJson).ToList(),
            LinkedAlgoId = linked,
            AlgoId = OkxJson.TextOrNull(item, "algoId"),
            AlgoClientOrderId = OkxJson.TextOrNull(item, "algoClOrdId"),
            CancelSource = OkxJson.TextOrNull(item, "cancelSource"),
            CreatedTime = OkxJson.Time(item, "cTime"),
            UpdatedTime = OkxJson.Time(item, "uTime"),
        };
    }
}
