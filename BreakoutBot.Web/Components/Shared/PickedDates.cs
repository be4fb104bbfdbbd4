namespace BreakoutBot.Web.Components.Shared;

/// <summary>
/// The one rule for the dates a trader picks in a form (history, audit, backtest and download ranges): a picked day is
/// that calendar day in UTC, whatever the browser's or the server's zone; a range's end includes its whole last day.
/// </summary>
public static class PickedDates
{
    /// <summary>00:00 UTC of the picked day, or null when none was picked.</summary>
    public static DateTimeOffset? StartOfDay(DateTime? picked) =>
        picked is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d.Date, DateTimeKind.Utc)) : null;

    /// <summary>00:00 UTC of the day after the picked day (the exclusive end of a range ending on it), or null.</summary>
    public static DateTimeOffset? EndOfDay(DateTime? picked) => StartOfDay(picked)?.AddDays(1);
}
