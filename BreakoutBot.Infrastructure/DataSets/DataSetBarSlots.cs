using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>
/// The 5-minute bars a range holds: every bar whose open time is on a 5-minute boundary at or after <c>from</c> and that
/// has closed by <c>to</c> (open + 5 min ≤ <c>to</c>). A download is complete when it holds each of them or OKX said it has none.
/// </summary>
public static class DataSetBarSlots
{
    private static readonly long IntervalMs = (long)Candle.Interval.TotalMilliseconds;

    /// <summary>The open time of the range's first bar (from, rounded up to a 5-minute boundary).</summary>
    public static DateTimeOffset First(DateTimeOffset from)
    {
        var ms = from.ToUnixTimeMilliseconds();
        var remainder = ((ms % IntervalMs) + IntervalMs) % IntervalMs;
        return DateTimeOffset.FromUnixTimeMilliseconds(remainder == 0 ? ms : ms - remainder + IntervalMs);
    }

    /// <summary>How many bars the range holds (0 when none closes inside it).</summary>
    public static long Count(DateTimeOffset from, DateTimeOffset to)
    {
        var first = First(from).ToUnixTimeMilliseconds();
        var end = to.ToUnixTimeMilliseconds();
        return end - first < IntervalMs ? 0 : ((end - first) / IntervalMs);
    }

    /// <summary>The open times of the range's bars, oldest first.</summary>
    public static IEnumerable<DateTimeOffset> All(DateTimeOffset from, DateTimeOffset to)
    {
        var first = First(from);
        var count = Count(from, to);
        for (var i = 0L; i < count; i++)
        {
            yield return first + (Candle.Interval * i);
        }
    }

    /// <summary>True when <paramref name="open"/> is the open time of one of the range's bars.</summary>
    public static bool Contains(DateTimeOffset from, DateTimeOffset to, DateTimeOffset open)
    {
        var ms = open.ToUnixTimeMilliseconds();
        return ms % IntervalMs == 0 && open >= First(from) && open + Candle.Interval <= to;
    }
}
