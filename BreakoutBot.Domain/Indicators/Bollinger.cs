namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Bollinger bands over the last <see cref="Period"/> closes: middle = SMA, upper/lower = middle ± k·σ where σ is
/// the population standard deviation (ddof 0). All outputs are NaN during warm-up.
/// </summary>
/// <remarks>
/// The mean and the sum of squared deviations are updated with a sliding Welford step (add the new value, drop
/// the oldest) and recomputed exactly, two-pass, once per lap of the window, so drift stays bounded. A window of
/// identical values is detected exactly (σ = 0, middle = that value) rather than left to rounding noise.
/// </remarks>
public sealed class Bollinger
{
    private readonly RingBuffer _window;
    private readonly double _k;
    private double _mean;
    private double _m2;
    private double _last = double.NaN;
    private int _equalRun;
    private int _sinceResync;

    public Bollinger(int period, double k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        if (!double.IsFinite(k) || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "The band width multiplier must be a finite number >= 0.");
        }
        _window = new RingBuffer(period);
        _k = k;
    }

    public int Period => _window.Capacity;

    /// <summary>The band multiplier k.</summary>
    public double K => _k;

    public int Count { get; private set; }

    public bool IsReady => _window.IsFull;

    /// <summary>The SMA of the window.</summary>
    public double Middle => IsReady ? _mean : double.NaN;

    /// <summary>Population standard deviation of the window.</summary>
    public double StdDev => IsReady ? Math.Sqrt(_m2 / Period) : double.NaN;

    public double Upper => Middle + (_k * StdDev);

    public double Lower => Middle - (_k * StdDev);

    /// <summary>(upper − lower) / middle; NaN when the middle is 0.</summary>
    public double Width
    {
        get
        {
            var middle = Middle;
            return middle == 0 ? double.NaN : 2 * _k * StdDev / middle;
        }
    }

    /// <summary><see cref="Width"/> × 100, the scanner's "BB width %".</summary>
    public double WidthPct => Width * 100;

    /// <summary>(close − lower) / (upper − lower) for the latest close; NaN when the bands coincide (σ = 0 or k = 0).</summary>
    public double PercentB
    {
        get
        {
            var span = Upper - Lower;
            return span > 0 ? (_last - Lower) / span : double.NaN;
        }
    }

    /// <summary>(close − middle) / σ for the latest close; NaN when σ = 0.</summary>
    public double ZScore
    {
        get
        {
            var sd = StdDev;
            return sd > 0 ? (_last - _mean) / sd : double.NaN;
        }
    }

    /// <summary>Feeds the next close.</summary>
    public void Update(double close)
    {
        IndicatorGuard.Finite(close, nameof(close));
        _equalRun = close == _last ? _equalRun + 1 : 1;
        _last = close;
        Count++;
        if (_window.Add(close, out var evicted))
        {
            var n = _window.Capacity;
            var newMean = _mean + ((close - evicted) / n);
            _m2 += (close - evicted) * (close - newMean + evicted - _mean);
            _mean = newMean;
        }
        else
        {
            var delta = close - _mean;
            _mean += delta / _window.Count;
            _m2 += delta * (close - _mean);
        }
        if (++_sinceResync >= _window.Capacity)
        {
            Resync();
        }
        if (_m2 < 0)
        {
            _m2 = 0;
        }
        if (_equalRun >= _window.Count)
        {
            _mean = close;
            _m2 = 0;
        }
    }

    public void Reset()
    {
        _window.Reset();
        Count = 0;
        _mean = 0;
        _m2 = 0;
        _last = double.NaN;
        _equalRun = 0;
        _sinceResync = 0;
    }

    private void Resync()
    {
        _sinceResync = 0;
        var count = _window.Count;
        var sum = 0d;
        for (var i = 0; i < count; i++)
        {
            sum += _window[i];
        }
        var mean = sum / count;
        var m2 = 0d;
        for (var i = 0; i < count; i++)
        {
            var d = _window[i] - mean;
            m2 += d * d;
        }
        _mean = mean;
        _m2 = m2;
    }
}
