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
/// "no surge" and cannot pass a surge filter. Ratios are NaN until enough bars have been seen. Medians are
/// computed on read (and cached until the next update) in a preallocated scratch array, so neither updating nor
/// reading allocates.
/// </remarks>
public sealed class VolumeSurge
{
    private readonly RingBuffer _volumes;
    private readonly double[] _scratch;
    private readonly int _baselineBars;
    private readonly int _hourBars;
    private double _surge5m = double.NaN;
    private double _surge1h = double.NaN;
    private bool _surge5mStale = true;
    private bool _surge1hStale = true;

    public VolumeSurge(int baselineBars = 20, int hourBars = 12)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baselineBars, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hourBars, 1);
        _baselineBars = baselineBars;
        _hourBars = hourBars;
        _volumes = new RingBuffer(Math.Max(baselineBars + 1, 2 * hourBars));
        _scratch = new double[Math.Max(baselineBars, hourBars)];
    }

    public int Count { get; private set; }

    /// <summary>True once <see cref="Surge5m"/> is defined (baselineBars + 1 volumes).</summary>
    public bool IsSurge5mReady => Count > _baselineBars;

    /// <summary>True once <see cref="Surge1h"/> is defined (2 · hourBars volumes).</summary>
    public bool IsSurge1hReady => Count >= 2 * _hourBars;

    /// <summary>True once both ratios are defined.</summary>
    public bool IsReady => IsSurge5mReady && IsSurge1hReady;

    /// <summary>Latest volume / median of the previous baselineBars volumes; 0 when that median is 0; NaN during warm-up.</summary>
    public double Surge5m
    {
        get
        {
            if (_surge5mStale)
            {
                _surge5m = IsSurge5mReady ? Ratio(_volumes[0], MedianOf(1, _baselineBars)) : double.NaN;
                _surge5mStale = false;
            }
            return _surge5m;
        }
    }

    /// <summary>Median of the last hourBars volumes / median of the hourBars before them; 0 when the latter is 0; NaN during warm-up.</summary>
    public double Surge1h
    {
        get
        {
            if (_surge1hStale)
            {
                _surge1h = IsSurge1hReady ? Ratio(MedianOf(0, _hourBars), MedianOf(_hourBars, _hourBars)) : double.NaN;
                _surge1hStale = false;
            }
            return _surge1h;
        }
    }

    /// <summary>Feeds the next bar's volume.</summary>
    public void Update(double volume)
    {
        IndicatorGuard.NonNegative(volume, nameof(volume));
        _volumes.Add(volume);
        Count++;
        _surge5mStale = true;
        _surge1hStale = true;
    }

    public void Reset()
    {
        _volumes.Reset();
        Count = 0;
        _surge5mStale = true;
        _surge1hStale = true;
    }

    private static double Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : 0;

    /// <summary>Median of <paramref name="length"/> volumes starting <paramref name="ago"/> bars back from the newest.</summary>
    private double MedianOf(int ago, int length)
    {
        var values = _scratch.AsSpan(0, length);
        for (var i = 0; i < length; i++)
        {
            values[i] = _volumes[ago + i];
        }
        return Median(values);
    }

    /// <summary>Median by insertion sort in place; fine for the ~20 values used here.</summary>
    private static double Median(Span<double> values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            var item = values[i];
            var j = i - 1;
            while (j >= 0 && values[j] > item)
            {
                values[j + 1] = values[j];
                j--;
            }
            values[j + 1] = item;
        }
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
