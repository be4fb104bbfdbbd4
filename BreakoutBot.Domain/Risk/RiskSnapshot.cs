namespace BreakoutBot.Domain.Risk;

/// <summary>The daily risk counters as of one moment (all money in quote currency).</summary>
public sealed record RiskSnapshot(
    DateOnly Day,
    decimal DayStartEquity,
    decimal DayHighEquity,
    decimal Equity,
    decimal DailyPnl,
    double DailyR,
    int TradesToday,
    int ConsecutiveLosses,
    bool DailyLossLimitReached,
    KillSwitchState KillSwitch);
