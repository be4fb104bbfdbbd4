using System.Globalization;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Formatting;

namespace BreakoutBot.Infrastructure.History;

/// <summary>
/// CSV for the history lists (RFC 4180): a header row, numbers as <see cref="DecimalOutput"/> writes them, ISO-8601 UTC times, and fields quoted
/// (with doubled quotes) when they hold a comma, a quote, a line break or leading/trailing blanks.
/// </summary>
public static class HistoryCsv
{
    public static string Header(HistoryKind kind) => kind switch
    {
        HistoryKind.Trades => "engine_id,position_id,symbol,side,strategy,status,entry_price,entry_quantity,stop_loss,take_profit_1,take_profit_2,fees,net_pnl,pnl_r,close_reason,created_at,opened_at,closed_at",
        HistoryKind.Orders => "engine_id,order_id,symbol,side,type,status,quantity,price,trigger_price,filled_quantity,average_fill_price,fee,reduce_only,tag,reject_reason,created_at,updated_at",
        HistoryKind.Signals => "engine_id,signal_id,symbol,side,strategy,status,entry,stop_loss,take_profit_1,take_profit_2,confidence,reason,created_at",
        HistoryKind.Transitions => "engine_id,time,from,to,reason,forced,metadata",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown history kind."),
    };

    /// <summary>The header of an engine's equity samples (<see cref="Line(string, EquityHistoryPoint)"/>).</summary>
    public const string EquityHeader = "engine_id,time,equity,cash";

    /// <summary>Quotes a field when needed; null becomes an empty field.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }
        var needsQuotes = value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            || char.IsWhiteSpace(value[0])
            || char.IsWhiteSpace(value[^1]);
        return needsQuotes ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static string Line(TradeRow r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return Join(
            r.EngineId, r.PositionId, r.Symbol, r.Side.ToString(), r.Strategy, r.Status.ToString(),
            Num(r.EntryPrice), Num(r.EntryQuantity), Num(r.StopLoss), Num(r.TakeProfit1), Num(r.TakeProfit2),
            Num(r.Fees), Num(r.NetPnl), r.PnlR.ToString("R", CultureInfo.InvariantCulture), r.CloseReason?.ToString(),
            Time(r.CreatedAt), Time(r.OpenedAt), Time(r.ClosedAt));
    }

    public static string Line(OrderRow r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return Join(
            r.EngineId, r.OrderId, r.Symbol, r.Side.ToString(), r.Type.ToString(), r.Status.ToString(),
            Num(r.Quantity), Num(r.Price), Num(r.TriggerPrice), Num(r.FilledQuantity), Num(r.AverageFillPrice), Num(r.Fee),
            r.ReduceOnly ? "true" : "false", r.Tag, r.RejectReason, Time(r.CreatedAt), Time(r.UpdatedAt));
    }

    public static string Line(SignalRow r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return Join(
            r.EngineId, r.SignalId, r.Symbol, r.Side.ToString(), r.Strategy.ToString(), r.Status.ToString(),
            Num(r.Entry), Num(r.StopLoss), Num(r.TakeProfit1), Num(r.TakeProfit2),
            r.Confidence.ToString("R", CultureInfo.InvariantCulture), r.Reason, Time(r.CreatedAt));
    }

    public static string Line(TransitionRow r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return Join(
            r.EngineId, Time(r.Time), r.From.ToWireName(), r.To.ToWireName(), r.Reason, r.Forced ? "true" : "false", r.MetadataJson);
    }

    public static string Line(string engineId, EquityHistoryPoint p) => Join(engineId, Time(p.Time), Num(p.Equity), Num(p.Cash));

    private static string Join(params string?[] fields) => string.Join(',', fields.Select(Escape));

    // Money and prices by the portal's output rule (the API writes them the same way): an average price or a net P&L
    // from a division would otherwise carry 28 decimal places.
    private static string Num(decimal value) => DecimalOutput.Format(value);

    private static string? Num(decimal? value) => value is { } v ? DecimalOutput.Format(v) : null;

    private static string? Time(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
