namespace BreakoutBot.Domain.Risk;

/// <summary>
/// The risk counters of one trading day as stored, so a restart in the middle of a losing day does not reset the daily
/// loss limit: the day, its opening and highest equity, R and trades so far, and the losing streak. The kill switch is
/// not a day counter (it holds across days until an operator reset) and is restored beside it.
/// </summary>
public sealed record RiskDayState(
    DateOnly Day,
    decimal DayStartEquity,
    decimal DayHighEquity,
    double DailyR,
    int TradesToday,
    int ConsecutiveLosses);
