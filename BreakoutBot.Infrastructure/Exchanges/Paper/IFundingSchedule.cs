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
}
