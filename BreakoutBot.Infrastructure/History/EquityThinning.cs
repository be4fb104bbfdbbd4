namespace BreakoutBot.Infrastructure.History;

/// <summary>
/// Reads an engine's equity samples oldest first and keeps what a chart of at most <c>maxPoints</c> needs: every sample
/// when they fit, else the first, the last and, for each span of consecutive samples, its lowest and its highest (in
/// their order), so the chart still shows every trough and peak at that resolution. The figures (start, end, high, low,
/// maximum drawdown) are taken over every sample read.
/// </summary>
internal sealed class EquityThinning
{
    private readonly int _spanSize;
    private readonly List<EquityHistoryPoint> _points;
    private int _count;
    private EquityHistoryPoint _first;
    private EquityHistoryPoint _last;
    private decimal _high;
    private decimal _low;
    private decimal _peak;
    private decimal _maxFraction;
    private decimal _maxFall;
    private int _span = -1;
    private (EquityHistoryPoint Point, int Index) _spanLow;
    private (EquityHistoryPoint Point, int Index) _spanHigh;

    /// <param name="samples">How many samples will be read.</param>
    /// <param name="maxPoints">At most this many points are kept (at least 4).</param>
    public EquityThinning(int samples, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        // Each span gives at most two points, and the first and last sample two more.
        var spans = (maxPoints - 2) / 2;
        _spanSize = samples <= maxPoints ? 1 : (samples + spans - 1) / spans;
        _points = new List<EquityHistoryPoint>(Math.Min(samples, maxPoints));
    }

    public void Add(EquityHistoryPoint point)
    {
        var index = _count++;
        var equity = point.Equity;
        if (index == 0)
        {
            _first = point;
            _high = _low = _peak = equity;
        }
        _high = Math.Max(_high, equity);
        _low = Math.Min(_low, equity);
        _peak = Math.Max(_peak, equity);
        var fall = _peak - equity;
        var fraction = _peak > 0m ? fall / _peak : 0m;
        if (fraction > _maxFraction)
        {
            (_maxFraction, _maxFall) = (fraction, fall);
        }
        _last = point;
        if (_spanSize == 1)
        {
            _points.Add(point);
            return;
        }
        var span = index / _spanSize;
        if (span != _span)
        {
            Flush(lastIndex: -1);
            _span = span;
            _spanLow = _spanHigh = (point, index);
            return;
        }
        if (equity < _spanLow.Point.Equity)
        {
            _spanLow = (point, index);
        }
        if (equity > _spanHigh.Point.Equity)
        {
            _spanHigh = (point, index);
        }
    }

    public EquityHistory Result(string engineId)
    {
        if (_count == 0)
        {
            return EquityHistory.Empty(engineId);
        }
        if (_spanSize > 1)
        {
            Flush(lastIndex: _count - 1);
        }
        return new EquityHistory(engineId, _points, _count, _first, _last, _high, _low, _maxFraction, _maxFall);
    }

    // The span's lowest and highest in their order, with the very first sample before them in the first span and the
    // last sample after them in the final one; a sample that is two of these is kept once.
    private void Flush(int lastIndex)
    {
        if (_span < 0)
        {
            return;
        }
        Span<(EquityHistoryPoint Point, int Index)> kept = stackalloc (EquityHistoryPoint, int)[4];
        var n = 0;
        if (_span == 0)
        {
            kept[n++] = (_first, 0);
        }
        (kept[n++], kept[n++]) = _spanLow.Index <= _spanHigh.Index ? (_spanLow, _spanHigh) : (_spanHigh, _spanLow);
        if (lastIndex >= 0)
        {
            kept[n++] = (_last, lastIndex);
        }
        var previous = -1;
        foreach (var (point, index) in kept[..n])
        {
            if (index != previous)
            {
                _points.Add(point);
                previous = index;
            }
        }
    }
}
