namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Volume surge ratios used by the scanner's volatility filters (original bot §3):
/// <list type="bullet">
/// <item><see cref="Surge5m"/> = latest volume / median of the <c>baselineBars</c> (20) volumes before it.</item>
/// <item><see cref="Surge1h"/> = median of the last <c>hourBars</c> (12) volumes / median of the 12 before them.</item>
/// </list>
/// </summary>
/// <remarks>
/// Medians of an even count average the two middle values. When a denominator median is 0 (e.g. after exchange
/// maintenance bars with no volume) the ratio is <b>0</b>: there is no trustworthy baseline, so the bar counts as
/// "no surge" and cannot pass a surge filter. Ratios are NaN until enough bars have been seen. The last hour and the
/// baseline are kept sorted as bars arrive (<see cref="SortedWindow"/>: one replacement each per bar), so a read is O(1)
/// and neither updating nor reading allocates. The hour before the last one is the last hour as it was
/// <c>hourBars</c> bars ago, so its median is the one recorded then (the same values, so the same median).
/// </remarks>
public sealed class VolumeSurge
{
    // The recent volumes as a ring (no running sum is needed here); _newest is the index of the latest one.
    private readonly double[] _volumes;
    private int _newest = -1;
    private readonly int _baselineBars;
    private readonly int _hourBars;
    // The last hourBars volumes and the baselineBars before the latest one.
    private readonly SortedWindow _lastHour;
    private readonly SortedWindow _baseline;
    // The last hour's median after each of the last hourBars + 1 bars, from the first full hour, as a ring: _hourMedianAt is
    // the newest; once full, the slot after it holds the median of hourBars bars ago (the hour before the last one).
    private readonly double[] _hourMedians;
    private int _hourMedianAt = -1;

    public VolumeSurge(int baselineBars = 20, int hourBars = 12)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baselineBars, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hourBars, 1);
        _baselineBars = baselineBars;
        _hourBars = hourBars;
        // One more than the longest look-back, so the value leaving each window is still held when it leaves.
        _volumes = new double[Math.Max(baselineBars + 2, (2 * hourBars) + 1)];
        _lastHour = new SortedWindow(hourBars + 1);
        _hourMedians = new double[hourBars + 1];
        _baseline = new SortedWindow(baselineBars + 1);
    }

    public int Count { get; private set; }

    /// <summary>True once <see cref="Surge5m"/> is defined (baselineBars + 1 volumes).</summary>
    public bool IsSurge5mReady => Count > _baselineBars;

    /// <summary>True once <see cref="Surge1h"/> is defined (2 · hourBars volumes).</summary>
    public bool IsSurge1hReady => Count >= 2 * _hourBars;

    /// <summary>True once both ratios are defined.</summary>
    public bool IsReady => IsSurge5mReady && IsSurge1hReady;

    /// <summary>Latest volume / median of the previous baselineBars volumes; 0 when that median is 0; NaN during warm-up.</summary>
    public double Surge5m => IsSurge5mReady ? Ratio(Ago(0), _baseline.Median) : double.NaN;

    public double Surge1h => IsSurge1hReady ? Ratio(_lastHour.Median, _hourMedians[Next(_hourMedianAt, _hourMedians.Length)]) : double.NaN;

    public void Update(double volume)
    {
        IndicatorGuard.NonNegative(volume, nameof(volume));
        // The ring keeps the newest volume at _newest; Ago(k) is the volume k bars before it.
        _newest = Next(_newest, _volumes.Length);
        _volumes[_newest] = volume;
        Count++;
        // The last hour gains this bar and loses the one past its reach: one replacement (only the values between the two
        // positions move). Its median is recorded for the hour-before ratio hourBars bars later.
        if (Count > _hourBars)
        {
            _lastHour.Replace(Ago(_hourBars), volume);
        }
        else
        {
            _lastHour.Insert(volume);
        }
        if (Count >= _hourBars)
        {
            _hourMedianAt = Next(_hourMedianAt, _hourMedians.Length);
            _hourMedians[_hourMedianAt] = _lastHour.Median;
        }
        // The baseline is the baselineBars before this bar: it gains the previous bar and loses the one past its reach.
        if (Count > _baselineBars + 1)
        {
            _baseline.Replace(Ago(_baselineBars + 1), Ago(1));
        }
        else if (Count > 1)
        {
            _baseline.Insert(Ago(1));
        }
    }

    public void Reset()
    {
        _newest = -1;
        _hourMedianAt = -1;
        Count = 0;
        _lastHour.Clear();
        _baseline.Clear();
    }

    private double Ago(int bars)
    {
        var index = _newest - bars;
        return _volumes[index < 0 ? index + _volumes.Length : index];
    }

    // The ring index after `index` (no division: this runs on every bar).
    private static int Next(int index, int length) => index + 1 == length ? 0 : index + 1;

    private static double Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : 0;
}
