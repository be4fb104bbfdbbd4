using System.Runtime.CompilerServices;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// The candles of a list within a replay's range, cut once per list and range: replays of the same range over the same
/// lists (the runs of a walk-forward sweep's train or test half, a ranged backtest run again) get the same list, so they
/// share what the first one derived from it (the levels memo, ADR-010 "Fifth round") instead of each deriving
/// it again from a copy. Two ranges are kept per list (the most recently used: a walk-forward sweep's train and test
/// halves), as long as the list lives.
/// </summary>
public static class ReplaySlices
{
    /// <summary>Ranges kept per list.</summary>
    public const int RangesKept = 2;

    private static readonly ConditionalWeakTable<IReadOnlyList<Candle>, Kept> ByList = new();

    /// <summary>The candles of <paramref name="series"/> opening from <paramref name="earliestOpen"/> to <paramref name="latestOpen"/>, both included.</summary>
    public static IReadOnlyList<Candle> Of(IReadOnlyList<Candle> series, DateTimeOffset earliestOpen, DateTimeOffset latestOpen)
    {
        ArgumentNullException.ThrowIfNull(series);
        return ByList.GetValue(series, static _ => new Kept()).Get(series, earliestOpen.UtcTicks, latestOpen.UtcTicks);
    }

    private sealed class Kept
    {
        private readonly Lock _gate = new();
        // Most recently used first.
        private readonly List<(long From, long To, IReadOnlyList<Candle> Slice)> _slices = [];

        public IReadOnlyList<Candle> Get(IReadOnlyList<Candle> series, long from, long to)
        {
            lock (_gate)
            {
                var at = _slices.FindIndex(s => s.From == from && s.To == to);
                if (at >= 0)
                {
                    var hit = _slices[at];
                    _slices.RemoveAt(at);
                    _slices.Insert(0, hit);
                    return hit.Slice;
                }
                IReadOnlyList<Candle> slice = series.Where(c => c.Time.UtcTicks >= from && c.Time.UtcTicks <= to).ToArray();
                _slices.Insert(0, (from, to, slice));
                if (_slices.Count > RangesKept)
                {
                    _slices.RemoveAt(_slices.Count - 1);
                }
                return slice;
            }
        }
    }
}
