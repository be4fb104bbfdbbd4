using BreakoutBot.Domain.Risk;

namespace BreakoutBot.Domain.Engine;

/// <summary>An immutable snapshot of the engine that readers get without waiting on the engine.</summary>
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
    decimal RealizedNetPnl)
{
    public string StateName => State.ToWireName();
}
