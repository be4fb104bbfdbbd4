using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Domain.Scanning;

/// <summary>The market's chandelier exit: the stops open positions trail with.</summary>
public sealed partial class InstrumentMarket
{
    // The chandelier exit (ChandelierExit's stops): its ATR is kept bar by bar; its highest high and lowest low are read from
    // the window when asked (only for open positions), or kept by a rolling extreme when its period is longer than the window.
    private Atr _chandelierAtr;
    private RollingMinMax? _chandelierExtremes;
    private double _chandelierMultiplier;

    /// <summary>The chandelier exit's stops for the newest bar (<see cref="ChandelierExit"/>); false until its ATR is ready.</summary>
    public bool TryGetChandelier(out double longStop, out double shortStop)
    {
        if (!_chandelierAtr.IsReady)
        {
            longStop = double.NaN;
            shortStop = double.NaN;
            return false;
        }
        double highest, lowest;
        if (_chandelierExtremes is { } extremes)
        {
            (highest, lowest) = (extremes.Max, extremes.Min);
        }
        else
        {
            // The ATR is ready after period + 1 bars, so the window (longer than the period) holds the period's bars.
            var from = _end - _chandelierAtr.Period;
            highest = _high[from];
            lowest = _low[from];
            for (var i = from + 1; i < _end; i++)
            {
                highest = Math.Max(highest, _high[i]);
                lowest = Math.Min(lowest, _low[i]);
            }
        }
        longStop = ChandelierExit.LongStopOf(highest, _chandelierAtr.Value, _chandelierMultiplier);
        shortStop = ChandelierExit.ShortStopOf(lowest, _chandelierAtr.Value, _chandelierMultiplier);
        return true;
    }

    /// <summary>Rebuilds the chandelier with new preset parameters from the bars held (used by reload).</summary>
    public void ConfigureChandelier(int period, double multiplier)
    {
        if (_chandelierAtr.Period == period && _chandelierMultiplier.Equals(multiplier))
        {
            return;
        }
        (_chandelierAtr, _chandelierExtremes, _chandelierMultiplier) = Chandelier(period, multiplier);
        for (var i = _start; i < _end; i++)
        {
            UpdateChandelier(_high[i], _low[i], _close[i]);
        }
    }

    private static (Atr Atr, RollingMinMax? Extremes, double Multiplier) Chandelier(int period, double multiplier)
    {
        ChandelierExit.CheckArguments(period, multiplier);
        return (new Atr(period), period > WindowSize ? new RollingMinMax(period) : null, multiplier);
    }

    private void UpdateChandelier(double h, double l, double c)
    {
        _chandelierAtr.Update(h, l, c);
        _chandelierExtremes?.Update(h, l);
    }
}
