namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>Where a paper account's funding settlements and their rates come from (a funding-rate series).</summary>
public interface IFundingSchedule
{
    /// <summary>Names the source in reports.</summary>
    string Source { get; }

    /// <summary>
    /// Adds the settlements of <paramref name="instrumentId"/> in (<paramref name="after"/>, <paramref name="upTo"/>] to
    /// <paramref name="into"/> in time order; one without a rate is charged at the account's flat rate.
    /// </summary>
    void SettlementsInto(string instrumentId, DateTimeOffset after, DateTimeOffset upTo, TimeSpan grid, List<FundingSettlement> into);
}

/// <summary>One funding settlement: its time and its rate in bps, or null for the account's flat rate.</summary>
public readonly record struct FundingSettlement(DateTimeOffset At, decimal? RateBps)
{
    /// <summary>The first time of the grid (every <paramref name="grid"/> from 00:00 UTC) after <paramref name="after"/>.</summary>
    public static DateTimeOffset FirstGridTimeAfter(DateTimeOffset after, TimeSpan grid) =>
        new DateTimeOffset(after.UtcTicks - (after.UtcTicks % grid.Ticks), TimeSpan.Zero) + grid;

    /// <summary>The grid's times in (<paramref name="after"/>, <paramref name="upTo"/>], at the flat rate.</summary>
    public static void GridInto(DateTimeOffset after, DateTimeOffset upTo, TimeSpan grid, List<FundingSettlement> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        for (var at = FirstGridTimeAfter(after, grid); at <= upTo; at += grid)
        {
            into.Add(new FundingSettlement(at, null));
        }
    }

    /// <summary>
    /// The settlements in (<paramref name="after"/>, <paramref name="upTo"/>] of one instrument whose known settlements are
    /// <paramref name="ticks"/> (UTC ticks, ascending) with rates <paramref name="bps"/>, in time order: each known one at
    /// its own time and rate, and, at the flat rate, each time of <paramref name="grid"/> (from 00:00 UTC) they do not
    /// cover: before the first, after the last, or with none in the grid interval ending there. None known: the grid.
    /// </summary>
    public static void MergeInto(ReadOnlySpan<long> ticks, ReadOnlySpan<decimal> bps, DateTimeOffset after, DateTimeOffset upTo, TimeSpan grid,
        List<FundingSettlement> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (ticks.Length == 0)
        {
            GridInto(after, upTo, grid, into);
            return;
        }
        var i = FirstAfter(ticks, after.UtcTicks);
        var g = FirstGridTimeAfter(after, grid).UtcTicks;
        var end = upTo.UtcTicks;
        while (true)
        {
            var known = i < ticks.Length && ticks[i] <= end ? ticks[i] : long.MaxValue;
            var flat = g <= end ? g : long.MaxValue;
            if (known == long.MaxValue && flat == long.MaxValue)
            {
                return;
            }
            if (known <= flat)
            {
                into.Add(new FundingSettlement(new DateTimeOffset(known, TimeSpan.Zero), bps[i]));
                i++;
                if (known == flat)
                {
                    g += grid.Ticks;
                }
                continue;
            }
            // A grid time before the next known settlement: covered when a known one lies in (g − grid, g], and more
            // are known after it.
            var previous = FirstAfter(ticks, g - grid.Ticks);
            if (g > ticks[^1] || previous >= ticks.Length || ticks[previous] > g)
            {
                into.Add(new FundingSettlement(new DateTimeOffset(g, TimeSpan.Zero), null));
            }
            g += grid.Ticks;
        }
    }

    // The index of the first settlement strictly after ticks t (the length when none).
    private static int FirstAfter(ReadOnlySpan<long> ticks, long t)
    {
        var i = ticks.BinarySearch(t);
        return i >= 0 ? i + 1 : ~i;
    }
}
