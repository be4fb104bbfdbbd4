namespace BreakoutBot.Domain.Risk;

/// <summary>
/// The risk counters of one trading day as stored, so a restart in the middle of a losing day does not reset the daily
/// loss limit or the kill switch: the day, its opening and highest equity, R and trades so far, the losing streak and
/// whether the kill switch had fired.
/// </summary>
public sealed record RiskDayState(
    DateOnly Day,
    decimal DayStartEquity,
    decimal DayHighEquity,
    double DailyR,
    int TradesToday,
    int ConsecutiveLosses,
    KillSwitchState KillSwitch);
