using BreakoutBot.Domain.Risk;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// An immutable snapshot of the engine that readers get without waiting on the engine.
/// Money comes from two places, named apart so the screen never puts them side by side unexplained:
/// <see cref="DailyPnl"/> is the account's equity change since the risk day began (00:00 UTC; the daily loss limit and
/// the kill switch work from it); <see cref="RealizedNetPnl"/>, <see cref="RealizedNetToday"/> and
/// <see cref="OpenNetPnl"/> come from the engine's own trade book, and <see cref="TodayPnl"/> is their sum for the day.
/// </summary>
public sealed record EngineStatus(
    string EngineId,
    TradingState State,
    TradingState? PreviousState,
    string? Preset,
    TradingMode Mode,
    string Exchange,
    DateTimeOffset? StartedAt,
    int OpenPositions,
    int Slots,
    int FreeSlots,
    decimal Equity,
    decimal Cash,
    decimal DailyPnl,
    double DailyR,
    int ConsecutiveLosses,
    KillSwitchState KillSwitch,
    DateTimeOffset? LastCycleAt,
    long CycleCount,
    string? LastError,
    IReadOnlyList<EngineCommand> AvailableCommands,
    IReadOnlyList<PositionSummary> Positions,
    IReadOnlyList<StateTransition> RecentTransitions,
    DateTimeOffset? LastBarTime,
    int ClosedTrades,
    decimal RealizedNetPnl,
    decimal RealizedNetToday = 0m,
    decimal OpenNetPnl = 0m,
    decimal DayStartEquity = 0m)
{
    public string StateName => State.ToWireName();

    /// <summary>The scan funnel since the engine was created (ADR-009): where the pipeline stops when nothing trades.</summary>
    public ScanFunnel Funnel { get; init; } = ScanFunnel.Empty;

    /// <summary>The funnel of the pipeline pass started by the latest scan.</summary>
    public ScanFunnel LastScanFunnel { get; init; } = ScanFunnel.Empty;

    /// <summary>
    /// Of the positions Today's P&amp;L counts (open, or closed today), those opened before 00:00 UTC: their whole P&amp;L is
    /// in <see cref="TodayPnl"/>, while the account's change since 00:00 (<see cref="DailyPnl"/>) holds only what they
    /// made since, so the two differ by what they made before the day began.
    /// </summary>
    public int TodayOpenedBefore { get; init; }

    /// <summary>Today's P&amp;L from the trade book: trades closed today (net of fees) plus the open positions' net P&amp;L.</summary>
    public decimal TodayPnl => RealizedNetToday + OpenNetPnl;
}
