namespace BreakoutBot.Infrastructure.Replay;

/// <summary>One closed trade of a replay, as written to the JSON report.</summary>
public sealed record ReplayTrade(
    string Id,
    string Instrument,
    string Side,
    string Strategy,
    DateTimeOffset OpenedAt,
    DateTimeOffset ClosedAt,
    decimal Quantity,
    decimal EntryPrice,
    decimal ExitPrice,
    decimal InitialStop,
    decimal TakeProfit1,
    decimal TakeProfit2,
    decimal GrossPnl,
    decimal Fees,
    decimal NetPnl,
    double R,
    string CloseReason,
    IReadOnlyList<ReplayExit> Exits);
