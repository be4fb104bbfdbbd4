namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Relative strength index with Wilder's smoothing, matching the oracle: the average gain and loss are seeded with
/// the simple averages of the first <see cref="Period"/> close-to-close changes, then smoothed as
/// avg = (avg_prev·(n − 1) + x) / n. The first value appears on bar n+1 (index <see cref="Period"/>).
/// </summary>
/// <remarks>
/// Conventions when the average loss is 0: RSI is 100 if there were gains, and 50 for a perfectly flat window (no
/// gains and no losses), which carries no momentum either way. (Stock.Indicators returns 100 for the flat case.)
/// </remarks>
public sealed class Rsi
{
    private double _previousClose = double.NaN;
    private double _averageGain;
    private double _averageLoss;
    private double _value = double.NaN;

    public Rsi(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
    }

    public int Period { get; }

    public int Count { get; private set; }

    /// <summary>True once <see cref="Period"/> + 1 closes have been fed.</summary>
    public bool IsReady => Count > Period;

    /// <summary>RSI in [0, 100], or NaN during warm-up.</summary>
    public double Value => _value;

    /// <summary>Feeds the next close and returns the new <see cref="Value"/>.</summary>
    public double Update(double close)
    {
        IndicatorGuard.Finite(close, nameof(close));
        Count++;
        if (Count == 1)
        {
            _previousClose = close;
            return _value;
        }
        var change = close - _previousClose;
        _previousClose = close;
        var gain = change > 0 ? change : 0;
        var loss = change < 0 ? -change : 0;
        if (Count <= Period)
        {
            _averageGain += gain;
            _averageLoss += loss;
            return _value;
        }
        if (Count == Period + 1)
        {
            _averageGain = (_averageGain + gain) / Period;
            _averageLoss = (_averageLoss + loss) / Period;
        }
        else
        {
            _averageGain = ((_averageGain * (Period - 1)) + gain) / Period;
            _averageLoss = ((_averageLoss * (Period - 1)) + loss) / Period;
        }
        _value = _averageLoss > 0
            ? 100 - (100 / (1 + (_averageGain / _averageLoss)))
            : _averageGain > 0 ? 100 : 50;
        return _value;
    }

    public void Reset()
    {
        Count = 0;
        _previousClose = double.NaN;
        _averageGain = 0;
        _averageLoss = 0;
        _value = double.NaN;
    }
}
