using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// What an engine needs to come back after a restart: the state it was last in, the preset and mode it ran, its open
/// positions (with their resting order ids), the exchange fill sequence already applied to them, the day's risk
/// counters (daily loss, losing streak), the totals of the positions it had closed before (so realised P&amp;L and the
/// trade count carry on), and the kill switch if it had fired and no reset followed (null: armed), so neither a restart
/// nor a fail-over re-arms it whatever state the engine was left in; and the orders the run that stopped recorded in its
/// order journal (live OKX engines; null otherwise), so orders whose link to their position was not stored are linked again.
/// </summary>
public sealed record RestorePlan(
    TradingState LastState,
    TradingPreset? Preset,
    TradingMode Mode,
    IReadOnlyList<Position> Positions,
    long LastFillSequence,
    RiskDayState? Risk = null,
    string Reason = "restored after a restart",
    int ClosedBefore = 0,
    decimal RealizedNetBefore = 0m,
    decimal RealizedNetTodayBefore = 0m,
    KillSwitchState? KillSwitch = null,
    IReadOnlyList<JournalledOrder>? JournalledOrders = null);
