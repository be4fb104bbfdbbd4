using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Risk;

namespace BreakoutBot.Web.Api;

/// <summary>
/// The status route's snapshot: state, preset, mode, money, risk and open positions. The transitions and the scan
/// funnel, which make up most of the cached status, have their own routes (<c>/transitions</c>, <c>/scan</c>) so that
/// the route pollers call most stays small. States and commands use their wire names (<c>scanning</c>, <c>emergency-stop</c>);
/// <c>running</c> is <see cref="TradingStates.IsRunning"/>, as in the live push's <c>ENGINE_UPDATE</c> (false while paused).
/// </summary>
public sealed record EngineStatusDto(
    string EngineId,
    string State,
    bool Running,
    string? PreviousState,
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
    decimal TodayPnl,
    decimal RealizedNetPnl,
    decimal RealizedNetToday,
    decimal OpenNetPnl,
    int ClosedTrades,
    int ConsecutiveLosses,
    KillSwitchState KillSwitch,
    DateTimeOffset? LastCycleAt,
    long CycleCount,
    DateTimeOffset? LastBarTime,
    string? LastError,
    IReadOnlyList<string> AvailableCommands,
    IReadOnlyList<PositionSummary> Positions)
{
    public static EngineStatusDto From(EngineStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.EngineId, s.StateName, s.State.IsRunning(), s.PreviousState?.ToWireName(), s.Preset, s.Mode, s.Exchange, s.StartedAt, s.OpenPositions, s.Slots,
            s.FreeSlots, s.Equity, s.Cash, s.DailyPnl, s.DailyR, s.TodayPnl, s.RealizedNetPnl, s.RealizedNetToday, s.OpenNetPnl, s.ClosedTrades,
            s.ConsecutiveLosses, s.KillSwitch, s.LastCycleAt, s.CycleCount, s.LastBarTime, s.LastError,
            s.AvailableCommands.Select(ApiCommandNames.Name).ToList(), s.Positions);
    }
}
