using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// Everything stored about one engine that a restart needs to rebuild it: who owns it, how its market was set up, the
/// state it was last in, its paper account and open positions, and the generation (each rebuild gets a new one, so ids
/// the rebuilt engine hands out never collide with stored ones); and the count and net realised P&amp;L of its closed positions; and the version of its preset it is pinned to (null: the
/// latest, for engines stored before versions were pinned); and its kill switch (null: armed), stored apart from the
/// day's risk counters because it holds until an operator reset; and its latest stored equity snapshots, oldest first
/// (null or empty: none stored), so the dashboard's equity chart goes on from before the restart.
/// </summary>
public sealed record EngineSnapshot(
    string Id,
    string OwnerId,
    string Name,
    string PresetName,
    EngineCreateOptions Options,
    DateTimeOffset CreatedAt,
    int Generation,
    TradingState LastState,
    TradingMode Mode,
    DateTimeOffset? ResumeAt,
    PaperAccountState Account,
    IReadOnlyList<PositionRecord> Positions,
    RiskDayState? Risk = null,
    int ClosedPositions = 0,
    decimal RealizedNetPnl = 0m,
    decimal RealizedNetOnRiskDay = 0m,
    int? PresetVersion = null,
    KillSwitchState? KillSwitch = null,
    IReadOnlyList<EquitySample>? Equity = null);
