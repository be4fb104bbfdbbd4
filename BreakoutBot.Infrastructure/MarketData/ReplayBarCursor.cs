using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// Walks one instrument's bars (strictly increasing open times) in step with a replay clock: <see cref="TryGetClosingAt"/>
/// finds the bar closing exactly at a time, moving forward from the last one found, so a replay stepping bar by bar pays
/// O(1) per instrument and step. Asked for an earlier time, it falls back to a binary search.
/// </summary>
public sealed class ReplayBarCursor
{
    private readonly Candle[] _bars;
    private readonly long[] _openTicks;
    private int _next;

    internal ReplayBarCursor(Candle[] bars, long[] openTicks)
    {
        _bars = bars;
        _openTicks = openTicks;
    }

    /// <summary>The bar that closes exactly at <paramref name="closeTime"/>, if the instrument has one.</summary>
    public bool TryGetClosingAt(DateTimeOffset closeTime, out Candle candle)
    {
        var open = closeTime.UtcTicks - Candle.Interval.Ticks;
        var ticks = _openTicks;
        var i = _next;
        if (i > 0 && ticks[i - 1] >= open)
        {
            // Back in time (or the same step again): position by binary search.
            var found = Array.BinarySearch(ticks, open);
            i = found >= 0 ? found : ~found;
        }
        while (i < ticks.Length && ticks[i] < open)
        {
            i++;
        }
        if (i < ticks.Length && ticks[i] == open)
        {
            candle = _bars[i];
            _next = i + 1;
            return true;
        }
        _next = i;
        candle = default;
        return false;
    }
}
