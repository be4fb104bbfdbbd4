namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// True range: max(high − low, |high − previous close|, |low − previous close|). The first bar has no previous
/// close, so its true range is high − low (the oracle leaves that bar empty instead; see
/// <see cref="HasPreviousClose"/>).
/// </summary>
public sealed class TrueRange
{
    private double _previousClose = double.NaN;

    public int Count { get; private set; }

    /// <summary>True after the first bar.</summary>
    public bool IsReady => Count > 0;

    /// <summary>True when the latest value used a previous close (every bar but the first).</summary>
    public bool HasPreviousClose => Count > 1;

    /// <summary>The latest true range, or NaN before the first bar.</summary>
    public double Value { get; private set; } = double.NaN;

    /// <summary>Feeds the next bar and returns its true range.</summary>
    public double Update(double high, double low, double close)
    {
        IndicatorGuard.Finite(high, nameof(high));
        IndicatorGuard.Finite(low, nameof(low));
        IndicatorGuard.Finite(close, nameof(close));
        var range = high - low;
        if (Count > 0)
        {
            var up = Math.Abs(high - _previousClose);
            var down = Math.Abs(low - _previousClose);
            if (up > range)
            {
                range = up;
            }
            if (down > range)
            {
                range = down;
            }
        }
        _previousClose = close;
        Count++;
        Value = range;
        return range;
    }

    public void Reset()
    {
        Count = 0;
        _previousClose = double.NaN;
        Value = double.NaN;
    }
}
