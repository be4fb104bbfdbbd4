using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Tests.Domain.Levels;

/// <summary>Builds 5-minute candle series for level tests, starting 2024-01-01 00:00 UTC.</summary>
internal sealed class LevelSeries
{
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // One ten-bar swing of a range, as fractions of the range width above its bottom: bar 0 tags the bottom, bar 5 the top.
    private static readonly double[] RangeMids = [0.15, 0.3, 0.45, 0.6, 0.75, 0.875, 0.75, 0.6, 0.45, 0.3];
    private const double RangeHalfBar = 0.125;

    private readonly List<Candle> _candles = [];

    public int Count => _candles.Count;

    public IReadOnlyList<Candle> Candles => _candles;

    public static DateTimeOffset TimeOf(int bar) => Start + (Candle.Interval * bar);

    public LevelSeries Add(double open, double high, double low, double close, double volume)
    {
        _candles.Add(Candle.Create(TimeOf(_candles.Count), D(open), D(high), D(low), D(close), D(volume)));
        return this;
    }

    /// <summary>
    /// Appends <paramref name="cycles"/> ten-bar swings between <paramref name="bottom"/> and <paramref name="top"/>.
    /// Only bar 5 of each swing has its high at <paramref name="top"/> and only bar 0 its low at
    /// <paramref name="bottom"/>; every other high/low stays more than 0.1·width away from them. The two extreme bars
    /// trade <paramref name="extremeVolume"/>, the others 1000.
    /// </summary>
    public LevelSeries AddRange(int cycles, double bottom, double top, double extremeVolume = 2000)
    {
        var width = top - bottom;
        for (var c = 0; c < cycles; c++)
        {
            for (var k = 0; k < RangeMids.Length; k++)
            {
                var mid = bottom + (RangeMids[k] * width);
                var high = k == 5 ? top : mid + (RangeHalfBar * width);
                var low = k == 0 ? bottom : mid - (RangeHalfBar * width);
                var volume = k is 0 or 5 ? extremeVolume : 1000;
                Add(mid - (0.02 * width), high, low, mid + (0.02 * width), volume);
            }
        }
        return this;
    }

    public CandleWindow Window() => new(_candles);

    private static decimal D(double value) => (decimal)Math.Round(value, 8);
}
