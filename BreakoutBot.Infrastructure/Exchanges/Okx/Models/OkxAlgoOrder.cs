using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// One algo order (<c>/trade/orders-algo-pending</c>): conditional (one TP or SL), oco (both), or trigger. An order
/// price of -1 means a market order on trigger.
/// </summary>
public sealed record OkxAlgoOrder
{
    public required string AlgoId { get; init; }

    public string? AlgoClientOrderId { get; init; }

    public required string InstrumentId { get; init; }

    public string? InstrumentType { get; init; }

    /// <summary>conditional, oco, trigger, move_order_stop, ...</summary>
    public required string OrderType { get; init; }

    public required string Side { get; init; }

    public string? PositionSide { get; init; }

    public string? TradeMode { get; init; }

    /// <summary><c>sz</c>; null when the algo closes a fraction of the position (<see cref="CloseFraction"/>).</summary>
    public decimal? Size { get; init; }

    public decimal? CloseFraction { get; init; }

    /// <summary>live, pause, partially_effective, effective, canceled, order_failed, partially_failed.</summary>
    public required string State { get; init; }

    public decimal? StopLossTriggerPrice { get; init; }

    public decimal? StopLossOrderPrice { get; init; }

    public decimal? TakeProfitTriggerPrice { get; init; }

    public decimal? TakeProfitOrderPrice { get; init; }

    public decimal? TriggerPrice { get; init; }

    public decimal? OrderPrice { get; init; }

    public bool? ReduceOnly { get; init; }

    public DateTimeOffset? CreatedTime { get; init; }

    public DateTimeOffset? UpdatedTime { get; init; }

    /// <summary>The regular order the algo placed when it fired (last of <c>ordIdList</c>, else <c>ordId</c>); null before.</summary>
    public string? ChildOrderId { get; init; }

    /// <summary><c>actualSide</c>: sl or tp once a conditional/oco order fired.</summary>
    public string? ActualSide { get; init; }

    /// <summary><c>actualSz</c>: the size of the order placed on trigger.</summary>
    public decimal? ActualSize { get; init; }

    /// <summary><c>actualPx</c>: the price of the order placed on trigger.</summary>
    public decimal? ActualPrice { get; init; }

    public DateTimeOffset? TriggerTime { get; init; }

    public static OkxAlgoOrder FromJson(JsonElement item) => new()
    {
        AlgoId = OkxJson.Text(item, "algoId"),
        AlgoClientOrderId = OkxJson.TextOrNull(item, "algoClOrdId"),
        InstrumentId = OkxJson.Text(item, "instId"),
        InstrumentType = OkxJson.TextOrNull(item, "instType"),
        OrderType = OkxJson.Text(item, "ordType"),
        Side = OkxJson.Text(item, "side"),
        PositionSide = OkxJson.TextOrNull(item, "posSide"),
        TradeMode = OkxJson.TextOrNull(item, "tdMode"),
        Size = OkxJson.Decimal(item, "sz"),
        CloseFraction = OkxJson.Decimal(item, "closeFraction"),
        State = OkxJson.Text(item, "state"),
        StopLossTriggerPrice = OkxJson.Decimal(item, "slTriggerPx"),
        StopLossOrderPrice = OkxJson.Decimal(item, "slOrdPx"),
        TakeProfitTriggerPrice = OkxJson.Decimal(item, "tpTriggerPx"),
        TakeProfitOrderPrice = OkxJson.Decimal(item, "tpOrdPx"),
        TriggerPrice = OkxJson.Decimal(item, "triggerPx"),
        OrderPrice = OkxJson.Decimal(item, "ordPx"),
        ReduceOnly = OkxJson.Boolean(item, "reduceOnly"),
        CreatedTime = OkxJson.Time(item, "cTime"),
        UpdatedTime = OkxJson.Time(item, "uTime"),
        ChildOrderId = ReadChildOrderId(item),
        ActualSide = OkxJson.TextOrNull(item, "actualSide"),
        ActualSize = OkxJson.Decimal(item, "actualSz"),
        ActualPrice = OkxJson.Decimal(item, "actualPx"),
        TriggerTime = OkxJson.Time(item, "triggerTime"),
    };

    private static string? ReadChildOrderId(JsonElement item)
    {
        var list = OkxJson.Array(item, "ordIdList")
            .Select(id => id.ValueKind == JsonValueKind.String ? id.GetString() : null)
            .Where(id => !string.IsNullOrEmpty(id))
            .ToList();
        return list.Count > 0 ? list[^1] : OkxJson.TextOrNull(item, "ordId");
    }
}
