namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Exponential moving average with alpha = 2/(period+1). It is seeded with the simple average of the first
/// <see cref="Period"/> values (the first value appears on the period-th input, as in the oracle); before that
/// <see cref="Value"/> is NaN.
/// </summary>
public sealed class Ema
{
    private readonly double _alpha;
    private double _seedSum;
    private double _value = double.NaN;

    public Ema(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
        _alpha = 2d / (period + 1);
    }

    public int Period { get; }

    /// <summary>The smoothing factor 2/(period+1).</summary>
    public double Alpha => _alpha;

    public int Count { get; private set; }

    public bool IsReady => Count >= Period;

    /// <summary>The current average, or NaN during warm-up.</summary>
    public double Value => _value;

    /// <summary>Feeds the next value and returns the new <see cref="Value"/>.</summary>
    public double Update(double value)
    {
        IndicatorGuard.Finite(value, nameof(value));
        Count++;
        if (Count < Period)
        {
            _seedSum += value;
        }
        else if (Count == Period)
        {
            _value = (_seedSum + value) / Period;
        }
        else
        {
            _value += _alpha * (value - _value);
        }
        return _value;
    }

    public void Reset()
    {
        Count = 0;
        _seedSum = 0;
        _value = double.NaN;
    }
}
