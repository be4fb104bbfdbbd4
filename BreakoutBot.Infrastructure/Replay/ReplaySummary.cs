namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// Headline figures of a replay. Money in quote currency; drawdown from the equity sampled at every bar. Costs are
/// itemised: <see cref="Fees"/> and <see cref="Funding"/> are charged on top of the fill prices, <see cref="Spread"/>
/// and <see cref="Slippage"/> are inside them; <see cref="Costs"/> says at which rates (ADR-007).
/// </summary>
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
    decimal Spread,
    decimal Slippage,
    decimal Funding,
    double AverageR,
    decimal StartingBalance,
    decimal EndingEquity,
    int KillSwitchEvents,
    int Signals,
    long CandleSteps,
    ReplayCostSettings Costs);
