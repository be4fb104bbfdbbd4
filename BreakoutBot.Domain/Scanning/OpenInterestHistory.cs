using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// The open interest (USD) an instrument had over the last day, for the <c>oi_delta</c> filter and score component:
/// their input is the relative 24 h change, |oi_change_24h| in the original (the preset's <c>oi_delta_threshold</c>,
/// e.g. 0.018 = 1.8 %, has no window of its own). Samples are kept one per 5-minute clock bucket (the last one read in
/// the bucket), in a fixed ring covering <see cref="Window"/> plus <see cref="Tolerance"/>, so memory is constant and
/// adding a sample allocates nothing.
/// <para>
/// <see cref="ChangeOverWindow"/> compares the newest sample with the newest one at least <see cref="Window"/> older.
/// It is unknown (null) until the samples span the window, and when the reference sample is more than
/// <see cref="Tolerance"/> older than the window (a gap in the reads): a change over an unknown span is never guessed.
/// </para>
/// </summary>
public sealed class OpenInterestHistory
{
    /// <summary>The span the change is measured over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>How much older than <see cref="Window"/> the reference sample may be.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(15);

    private static readonly long BucketTicks = Candle.Interval.Ticks;
    private static readonly int Capacity = (int)((Window + Tolerance).Ticks / BucketTicks) + 2;

    private readonly double[] _usd = new double[Capacity];
    private readonly long[] _time = new long[Capacity];
    private int _newest = -1;
    private int _count;

    /// <summary>Samples held (at most one per 5-minute bucket).</summary>
    public int Count => _count;

    /// <summary>
    /// Records the open interest read at <paramref name="time"/>. A reading older than the newest one is ignored; one in
    /// the same 5-minute bucket as the newest replaces it. False when ignored.
    /// </summary>
    public bool Add(DateTimeOffset time, decimal usd)
    {
        var t = time.UtcTicks;
        if (_count > 0)
        {
            var last = _time[_newest];
            if (t < last)
            {
                return false;
            }
            if (t - (t % BucketTicks) == last - (last % BucketTicks))
            {
                _time[_newest] = t;
                _usd[_newest] = (double)usd;
                return true;
            }
        }
        _newest = (_newest + 1) % Capacity;
        _time[_newest] = t;
        _usd[_newest] = (double)usd;
        if (_count < Capacity)
        {
            _count++;
        }
        return true;
    }

    /// <summary>
    /// (newest − reference) / reference, where the reference is the newest sample at least <see cref="Window"/> older
    /// than the newest one; null while the samples do not span the window, when the reference is more than
    /// <see cref="Tolerance"/> older than that, or when it is zero.
    /// </summary>
    public double? ChangeOverWindow()
    {
        if (_count < 2)
        {
            return null;
        }
        var newestTime = _time[_newest];
        var target = newestTime - Window.Ticks;
        var oldest = (_newest - _count + 1 + Capacity) % Capacity;
        var reference = -1;
        // Oldest first: the reference sits near the old end of a full day's ring.
        for (var k = 0; k < _count; k++)
        {
            var i = (oldest + k) % Capacity;
            if (_time[i] > target)
            {
                break;
            }
            reference = i;
        }
        if (reference < 0 || target - _time[reference] > Tolerance.Ticks || _usd[reference] <= 0)
        {
            return null;
        }
        return (_usd[_newest] - _usd[reference]) / _usd[reference];
    }
}
