namespace BreakoutBot.Infrastructure.Replay;

/// <summary>Headline figures of a replay. Money in quote currency; drawdown from the equity sampled at every bar.</summary>
public sealed record ReplaySummary(
    int Trades,
    int Wins,
    int Losses,
    double WinRate,
    double? ProfitFactor,
    decimal MaxDrawdown,
    double MaxDrawdownPct,
    decimal NetPnl,
    decimal Fees,
    double AverageR,
    decimal StartingBalance,
    decimal EndingEquity,
    int KillSwitchEvents,
    int Signals,
    long CandleSteps);
