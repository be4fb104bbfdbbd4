namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Cumulative volume-weighted average price from the first bar since construction or <see cref="Reset"/> (the
/// anchor): Σ(typical price · volume) / Σ volume with typical price = (high + low + close) / 3. Matches the
/// oracle's VWAP. Call <see cref="Reset"/> to re-anchor (e.g. per session).
/// </summary>
/// <remarks>While no volume has been seen (e.g. exchange maintenance bars) <see cref="IsReady"/> is false and <see cref="Value"/> is NaN.</remarks>
public sealed class Vwap
{
    private double _priceVolume;
    private double _volume;

    public int Count { get; private set; }

    /// <summary>True once some volume has been seen.</summary>
    public bool IsReady => _volume > 0;

    /// <summary>Total volume since the anchor.</summary>
    public double CumulativeVolume => _volume;

    /// <summary>The VWAP, or NaN before any volume.</summary>
    public double Value => _volume > 0 ? _priceVolume / _volume : double.NaN;

    /// <summary>Feeds the next bar and returns the new <see cref="Value"/>.</summary>
    public double Update(double high, double low, double close, double volume)
    {
        IndicatorGuard.Finite(high, nameof(high));
        IndicatorGuard.Finite(low, nameof(low));
        IndicatorGuard.Finite(close, nameof(close));
        IndicatorGuard.NonNegative(volume, nameof(volume));
        _priceVolume += (high + low + close) / 3 * volume;
        _volume += volume;
        Count++;
        return Value;
    }

    public void Reset()
    {
        _priceVolume = 0;
        _volume = 0;
        Count = 0;
    }
}
