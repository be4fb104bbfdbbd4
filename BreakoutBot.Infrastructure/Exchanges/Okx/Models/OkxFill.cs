using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>One execution from <c>/trade/fills</c>. <see cref="FillSize"/> is contracts for derivatives, base currency for SPOT.</summary>
public sealed record OkxFill
{
    public required string InstrumentId { get; init; }

    public string? InstrumentType { get; init; }

    public required string TradeId { get; init; }

    /// <summary><c>billId</c>: the paging key of the fills endpoint.</summary>
    public required string BillId { get; init; }

    public required string OrderId { get; init; }

    public string? ClientOrderId { get; init; }

    public required decimal FillPrice { get; init; }

    public required decimal FillSize { get; init; }

    public required string Side { get; init; }

    public string? PositionSide { get; init; }

    /// <summary><c>execType</c>: T taker, M maker.</summary>
    public string? ExecutionType { get; init; }

    /// <summary><c>fee</c>: negative when charged.</summary>
    public decimal Fee { get; init; }

    public string? FeeCurrency { get; init; }

    public decimal? FillPnl { get; init; }

    /// <summary><c>ts</c>: when the fill was generated.</summary>
    public required DateTimeOffset Time { get; init; }

    public bool IsMaker => ExecutionType == "M";

    public static OkxFill FromJson(JsonElement item) => new()
    {
        InstrumentId = OkxJson.Text(item, "instId"),
        InstrumentType = OkxJson.TextOrNull(item, "instType"),
        TradeId = OkxJson.Text(item, "tradeId"),
        BillId = OkxJson.Text(item, "billId"),
        OrderId = OkxJson.Text(item, "ordId"),
        ClientOrderId = OkxJson.TextOrNull(item, "clOrdId"),
        FillPrice = OkxJson.RequiredDecimal(item, "fillPx"),
        FillSize = OkxJson.RequiredDecimal(item, "fillSz"),
        Side = OkxJson.Text(item, "side"),
        PositionSide = OkxJson.TextOrNull(item, "posSide"),
        ExecutionType = OkxJson.TextOrNull(item, "execType"),
        Fee = OkxJson.DecimalOrZero(item, "fee"),
        FeeCurrency = OkxJson.TextOrNull(item, "feeCcy"),
        FillPnl = OkxJson.Decimal(item, "fillPnl"),
        Time = OkxJson.Time(item, "ts") ?? OkxJson.RequiredTime(item, "fillTime"),
    };
}
