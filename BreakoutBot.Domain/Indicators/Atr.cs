namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Average true range with Wilder's smoothing: ATR = (ATR_prev·(n − 1) + TR) / n.
/// </summary>
/// <remarks>
/// Seeding follows Wilder and the oracle: the first bar has no previous close, so its true range is not used;
/// the seed is the simple average of the true ranges of bars 2..n+1. <see cref="Value"/> is therefore NaN for
/// the first <see cref="Period"/> bars and first appears on bar n+1 (index <see cref="Period"/>). This differs
/// from the original Python bot, which used an EMA (alpha 2/(n+1)) seeded with the first true range.
/// </remarks>
public sealed class Atr
{
    private readonly TrueRange _trueRange = new();
    private double _seedSum;
    private double _value = double.NaN;

    public Atr(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
    }

    public int Period { get; }

    /// <summary>Bars fed since construction or the last reset.</summary>
    public int Count => _trueRange.Count;

    /// <summary>True once <see cref="Period"/> + 1 bars have been fed.</summary>
    public bool IsReady => Count > Period;

    /// <summary>The current ATR, or NaN during warm-up.</summary>
    public double Value => _value;

    /// <summary>The latest bar's true range (high − low on the very first bar).</summary>
    public double TrueRange => _trueRange.Value;

    /// <summary>Feeds the next bar and returns the new <see cref="Value"/>.</summary>
    public double Update(double high, double low, double close)
    {
        var tr = _trueRange.Update(high, low, close);
        var count = _trueRange.Count;
        if (count == 1)
        {
            return _value;
        }
        if (count <= Period)
        {
            _seedSum += tr;
        }
        else if (count == Period + 1)
        {
            _value = (_seedSum + tr) / Period;
        }
        else
        {
            _value = ((_value * (Period - 1)) + tr) / Period;
        }
        return _value;
    }

    public void Reset()
    {
        _trueRange.Reset();
        _seedSum = 0;
        _value = double.NaN;
    }
}
