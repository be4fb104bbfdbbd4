namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Chandelier exit (original bot's trailing stop): long stop = highest high(n) − ATR(n)·mult, short stop =
/// lowest low(n) + ATR(n)·mult. The highest high / lowest low include the current bar; the ATR is Wilder's
/// <see cref="Atr"/> of the same period (so the stops are NaN for the first n bars).
/// </summary>
/// <remarks>
/// This is the raw level for the current bar. Ratcheting (a long stop only ever moves up, a short stop only down)
/// is the position manager's job, because it depends on the position, not on the bars. The indicator oracle has
/// no chandelier; its "ATR stop" is a different, self-ratcheting indicator implemented as <see cref="AtrTrailingStop"/>.
/// </remarks>
public sealed class ChandelierExit
{
    private readonly Atr _atr;
    private readonly RollingMinMax _extremes;

    public ChandelierExit(int period = 22, double multiplier = 3.0)
    {
        CheckArguments(period, multiplier);
        _atr = new Atr(period);
        _extremes = new RollingMinMax(period);
        Multiplier = multiplier;
    }

    public int Period => _atr.Period;

    public double Multiplier { get; }

    public int Count => _atr.Count;

    /// <summary>True once the ATR is ready (Period + 1 bars).</summary>
    public bool IsReady => _atr.IsReady;

    /// <summary>The ATR used for the stops.</summary>
    public double Atr => _atr.Value;

    /// <summary>Highest high of the last Period bars (including the current one).</summary>
    public double HighestHigh => IsReady ? _extremes.Max : double.NaN;

    /// <summary>Lowest low of the last Period bars (including the current one).</summary>
    public double LowestLow => IsReady ? _extremes.Min : double.NaN;

    /// <summary>Stop for a long position: highest high − ATR·mult.</summary>
    public double LongStop => LongStopOf(HighestHigh, _atr.Value, Multiplier);

    /// <summary>Stop for a short position: lowest low + ATR·mult.</summary>
    public double ShortStop => ShortStopOf(LowestLow, _atr.Value, Multiplier);

    /// <summary>Throws unless <paramref name="period"/> is at least 1 and <paramref name="multiplier"/> a finite number ≥ 0.</summary>
    public static void CheckArguments(int period, double multiplier)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        if (!double.IsFinite(multiplier) || multiplier < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "The ATR multiplier must be a finite number >= 0.");
        }
    }

    /// <summary>The long stop for these extremes and ATR (for a caller that keeps the bars and the ATR itself).</summary>
    public static double LongStopOf(double highestHigh, double atr, double multiplier) => highestHigh - (atr * multiplier);

    /// <summary>The short stop for these extremes and ATR.</summary>
    public static double ShortStopOf(double lowestLow, double atr, double multiplier) => lowestLow + (atr * multiplier);

    /// <summary>Feeds the next bar.</summary>
    public void Update(double high, double low, double close)
    {
        _atr.Update(high, low, close);
        _extremes.Update(high, low);
    }

    public void Reset()
    {
        _atr.Reset();
        _extremes.Reset();
    }
}
