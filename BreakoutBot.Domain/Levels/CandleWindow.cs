using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Domain.Levels;

/// <summary>
/// A read-only struct-of-arrays view over consecutive bars, oldest first. Times are UTC ticks of the bar open.
/// Built from candles (decimals are converted to doubles once) or directly over caller-owned arrays, which are not
/// copied: the caller must not change them while the window is in use. Bar values are not re-validated here;
/// <see cref="Candle.Create"/> is the place where bad bars are rejected.
/// </summary>
public readonly struct CandleWindow
{
    private readonly double[] _open;
    private readonly double[] _high;
    private readonly double[] _low;
    private readonly double[] _close;
    private readonly double[] _volume;
    private readonly long[] _timeTicks;
    private readonly int _start;

    /// <summary>A window over all <paramref name="candles"/> (oldest first).</summary>
    public CandleWindow(IReadOnlyList<Candle> candles)
        : this(candles, candles?.Count ?? 0)
    {
    }

    /// <summary>A window over the last <paramref name="maxBars"/> of <paramref name="candles"/> (oldest first).</summary>
    public CandleWindow(IReadOnlyList<Candle> candles, int maxBars)
    {
        if (candles is null)
        {
            throw new DomainException("CandleWindow: candles must not be null.");
        }
        if (maxBars < 0)
        {
            throw new DomainException($"CandleWindow: maxBars {maxBars} must not be negative.");
        }
        var count = Math.Min(maxBars, candles.Count);
        var first = candles.Count - count;
        _open = new double[count];
        _high = new double[count];
        _low = new double[count];
        _close = new double[count];
        _volume = new double[count];
        _timeTicks = new long[count];
        for (var i = 0; i < count; i++)
        {
            var c = candles[first + i];
            if (i > 0 && c.Time.UtcTicks <= _timeTicks[i - 1])
            {
                throw new DomainException($"CandleWindow: candle {first + i} at {c.Time:O} is not after the previous candle; candles must be oldest first without duplicates.");
            }
            _open[i] = (double)c.Open;
            _high[i] = (double)c.High;
            _low[i] = (double)c.Low;
            _close[i] = (double)c.Close;
            _volume[i] = (double)c.Volume;
            _timeTicks[i] = c.Time.UtcTicks;
        }
        _start = 0;
        Count = count;
    }

    /// <summary>A window over whole arrays of equal length.</summary>
    public CandleWindow(double[] open, double[] high, double[] low, double[] close, double[] volume, long[] timeTicks)
        : this(open, high, low, close, volume, timeTicks, 0, open?.Length ?? 0)
    {
    }

    /// <summary>A window over <paramref name="count"/> elements starting at <paramref name="start"/> of each array.</summary>
    public CandleWindow(double[] open, double[] high, double[] low, double[] close, double[] volume, long[] timeTicks, int start, int count)
    {
        if (start < 0 || count < 0)
        {
            throw new DomainException($"CandleWindow: start {start} and count {count} must not be negative.");
        }
        var end = (long)start + count;
        _open = CheckArray(open, nameof(open), end);
        _high = CheckArray(high, nameof(high), end);
        _low = CheckArray(low, nameof(low), end);
        _close = CheckArray(close, nameof(close), end);
        _volume = CheckArray(volume, nameof(volume), end);
        if (timeTicks is null)
        {
            throw new DomainException("CandleWindow: timeTicks must not be null.");
        }
        if (timeTicks.Length < end)
        {
            throw new DomainException($"CandleWindow: timeTicks has {timeTicks.Length} elements, fewer than start {start} + count {count}.");
        }
        _timeTicks = timeTicks;
        _start = start;
        Count = count;
    }

    /// <summary>Number of bars in the window.</summary>
    public int Count { get; }

    public ReadOnlySpan<double> Open => new(_open, _start, Count);

    public ReadOnlySpan<double> High => new(_high, _start, Count);

    public ReadOnlySpan<double> Low => new(_low, _start, Count);

    public ReadOnlySpan<double> Close => new(_close, _start, Count);

    public ReadOnlySpan<double> Volume => new(_volume, _start, Count);

    /// <summary>Bar open times as UTC ticks.</summary>
    public ReadOnlySpan<long> TimeTicks => new(_timeTicks, _start, Count);

    /// <summary>Open time (UTC) of the bar at <paramref name="index"/> (0 = oldest).</summary>
    public DateTimeOffset TimeAt(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Window has {Count} bars.");
        }
        return new DateTimeOffset(_timeTicks[_start + index], TimeSpan.Zero);
    }

    private static double[] CheckArray(double[] array, string name, long end)
    {
        if (array is null)
        {
            throw new DomainException($"CandleWindow: {name} must not be null.");
        }
        if (array.Length < end)
        {
            throw new DomainException($"CandleWindow: {name} has {array.Length} elements, fewer than the window end {end}.");
        }
        return array;
    }
}
