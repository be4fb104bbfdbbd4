namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Pearson correlation of two series over the last <see cref="Period"/> (x, y) pairs, updated pairwise.
/// </summary>
/// <remarks>
/// <para>
/// Means and co-moments are updated with sliding Welford steps (no sums of squares of raw prices, which cancel
/// badly) and recomputed exactly, two-pass, once per lap of the window. The result is clamped to [−1, 1].
/// </para>
/// <para>
/// When either series has zero variance in the window (e.g. a flat market), the correlation is undefined; this
/// class reports <b>0</b> (no linear co-movement), which is how the scanner treats it. A constant series is
/// detected exactly, not by comparing rounded sums with zero. <see cref="Value"/> is NaN during warm-up.
/// </para>
/// </remarks>
public sealed class RollingCorrelation
{
    private readonly RingBuffer _xs;
    private readonly RingBuffer _ys;
    private double _meanX;
    private double _meanY;
    private double _mxx;
    private double _myy;
    private double _cxy;
    private double _lastX = double.NaN;
    private double _lastY = double.NaN;
    private int _equalRunX;
    private int _equalRunY;
    private int _sinceResync;

    public RollingCorrelation(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        _xs = new RingBuffer(period);
        _ys = new RingBuffer(period);
    }

    public int Period => _xs.Capacity;

    public int Count { get; private set; }

    /// <summary>True once <see cref="Period"/> pairs have been fed.</summary>
    public bool IsReady => _xs.IsFull;

    /// <summary>The correlation in [−1, 1]; 0 when either series is constant over the window; NaN during warm-up.</summary>
    public double Value
    {
        get
        {
            if (!IsReady)
            {
                return double.NaN;
            }
            if (_equalRunX >= Period || _equalRunY >= Period || _mxx <= 0 || _myy <= 0)
            {
                return 0;
            }
            var r = _cxy / Math.Sqrt(_mxx * _myy);
            return r > 1 ? 1 : r < -1 ? -1 : r;
        }
    }

    /// <summary>Feeds the next pair and returns the new <see cref="Value"/>.</summary>
    public double Update(double x, double y)
    {
        Add(x, y);
        return Value;
    }

    /// <summary>Feeds the next pair (<see cref="Value"/> is computed when read).</summary>
    public void Add(double x, double y)
    {
        IndicatorGuard.Finite(x, nameof(x));
        IndicatorGuard.Finite(y, nameof(y));
        _equalRunX = x == _lastX ? _equalRunX + 1 : 1;
        _equalRunY = y == _lastY ? _equalRunY + 1 : 1;
        _lastX = x;
        _lastY = y;
        Count++;
        _ys.Add(y, out var oldY);
        if (_xs.Add(x, out var oldX))
        {
            var n = Period;
            var oldMeanX = _meanX;
            var oldMeanY = _meanY;
            _meanX += (x - oldX) / n;
            _meanY += (y - oldY) / n;
            _mxx += ((x - oldMeanX) * (x - _meanX)) - ((oldX - oldMeanX) * (oldX - _meanX));
            _myy += ((y - oldMeanY) * (y - _meanY)) - ((oldY - oldMeanY) * (oldY - _meanY));
            _cxy += ((x - oldMeanX) * (y - _meanY)) - ((oldX - oldMeanX) * (oldY - _meanY));
        }
        else
        {
            var n = _xs.Count;
            var dx = x - _meanX;
            var dy = y - _meanY;
            _meanX += dx / n;
            _meanY += dy / n;
            _mxx += dx * (x - _meanX);
            _myy += dy * (y - _meanY);
            _cxy += dx * (y - _meanY);
        }
        if (++_sinceResync >= Period)
        {
            Resync();
        }
    }

    public void Reset()
    {
        _xs.Reset();
        _ys.Reset();
        Count = 0;
        _meanX = 0;
        _meanY = 0;
        _mxx = 0;
        _myy = 0;
        _cxy = 0;
        _lastX = double.NaN;
        _lastY = double.NaN;
        _equalRunX = 0;
        _equalRunY = 0;
        _sinceResync = 0;
    }

    private void Resync()
    {
        _sinceResync = 0;
        var count = _xs.Count;
        var sumX = 0d;
        var sumY = 0d;
        for (var i = 0; i < count; i++)
        {
            sumX += _xs[i];
            sumY += _ys[i];
        }
        var meanX = sumX / count;
        var meanY = sumY / count;
        var mxx = 0d;
        var myy = 0d;
        var cxy = 0d;
        for (var i = 0; i < count; i++)
        {
            var dx = _xs[i] - meanX;
            var dy = _ys[i] - meanY;
            mxx += dx * dx;
            myy += dy * dy;
            cxy += dx * dy;
        }
        _meanX = meanX;
        _meanY = meanY;
        _mxx = mxx;
        _myy = myy;
        _cxy = cxy;
    }
}
