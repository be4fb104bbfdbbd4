namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// One closed trade of a replay, as written to the JSON report. <see cref="GrossPnl"/> is from the fill prices, so
/// it already carries <see cref="Spread"/> and <see cref="Slippage"/> (itemised for information);
/// <see cref="NetPnl"/> = gross − <see cref="Fees"/> − <see cref="Funding"/>, and <see cref="R"/> is that net P&amp;L over the
/// initial risk (<see cref="Quantity"/> × |<see cref="EntryPrice"/> − <see cref="InitialStop"/>|). Gross P&amp;L is measured
/// from the average price of the quantity open at each exit, as the paper account books it; <see cref="EntryPrice"/> is
/// the average of all entry fills (the two differ when an entry slice filled after an exit).
/// </summary>
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
    decimal Spread,
    decimal Slippage,
    decimal Funding,
    decimal NetPnl,
    double R,
    string CloseReason,
    IReadOnlyList<ReplayExit> Exits,
    IReadOnlyList<ReplayFill> Fills)
{
    /// <summary>Where the stop was moved (breakeven, trailing) and when; empty when it never moved.</summary>
    public IReadOnlyList<Domain.Trading.StopMove> StopMoves { get; init; } = [];

    /// <summary>The signal that opened the trade: when, and the support or resistance level it came from.</summary>
    public ReplayTradeSignal? Signal { get; init; }
}

/// <summary>A trade's signal as the report keeps it: its bar, the level (type, price, touches) and the confidence.</summary>
public sealed record ReplayTradeSignal(DateTimeOffset Time, string LevelType, double LevelPrice, int Touches, double Confidence);
