namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Donchian channel: upper = highest high, lower = lowest low over <see cref="Period"/> bars, via monotonic deques
/// (amortised O(1) per bar). Outputs are NaN during warm-up.
/// </summary>
/// <remarks>
/// <para>
/// With <c>includeCurrentBar: false</c> the channel at bar t covers bars t−n..t−1 (the prior channel), so it is
/// ready after n+1 bars. This is the convention of the indicator oracle (Stock.Indicators) and the mode the
/// breakout strategy uses: "close above the prior channel" can only be true when the current bar is excluded,
/// because a channel that includes the current bar always contains its close.
/// </para>
/// <para>
/// With <c>includeCurrentBar: true</c> the window is bars t−n+1..t (TA-Lib and most charting libraries; also the
/// original bot's level candidates and the chandelier's highest high), ready after n bars.
/// </para>
/// </remarks>
public sealed class Donchian
{
    private readonly RollingMinMax _extremes;
    private double _upper = double.NaN;
    private double _lower = double.NaN;

    public Donchian(int period, bool includeCurrentBar)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _extremes = new RollingMinMax(period);
        IncludeCurrentBar = includeCurrentBar;
    }

    public int Period => _extremes.Period;

    /// <summary>True when the window ends at the current bar; false when it ends at the previous bar.</summary>
    public bool IncludeCurrentBar { get; }

    public int Count { get; private set; }

    /// <summary>True once the window is full: after <see cref="Period"/> bars (including) or Period + 1 bars (excluding).</summary>
    public bool IsReady => Count >= (IncludeCurrentBar ? Period : Period + 1);

    /// <summary>Highest high of the window.</summary>
    public double Upper => IsReady ? _upper : double.NaN;

    /// <summary>Lowest low of the window.</summary>
    public double Lower => IsReady ? _lower : double.NaN;

    /// <summary>(upper + lower) / 2.</summary>
    public double Middle => (Upper + Lower) / 2;

    /// <summary>(upper − lower) / middle, as in the oracle; NaN when the middle is 0.</summary>
    public double Width
    {
        get
        {
            var middle = Middle;
            return middle == 0 ? double.NaN : (Upper - Lower) / middle;
        }
    }

    /// <summary>Feeds the next bar's high and low.</summary>
    public void Update(double high, double low)
    {
        if (IncludeCurrentBar)
        {
            _extremes.Update(high, low);
            _upper = _extremes.Max;
            _lower = _extremes.Min;
        }
        else
        {
            _upper = _extremes.Max;
            _lower = _extremes.Min;
            _extremes.Update(high, low);
        }
        Count++;
    }

    public void Reset()
    {
        _extremes.Reset();
        Count = 0;
        _upper = double.NaN;
        _lower = double.NaN;
    }
}
