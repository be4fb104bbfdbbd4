namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Volume-weighted average of the typical price (high + low + close) / 3 over the last <see cref="Period"/> bars.
/// </summary>
/// <remarks>
/// Ready once the window is full and at least one bar in it has volume. A window of zero-volume bars (exchange
/// maintenance) has no VWAP: <see cref="IsReady"/> turns false again and <see cref="Value"/> is NaN. That case is
/// detected by counting the bars with volume, not by comparing a rounded running sum with zero.
/// </remarks>
public sealed class RollingVwap
{
    private readonly SummedRing _priceVolume;
    private readonly SummedRing _volume;
    private int _barsWithVolume;

    public RollingVwap(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _priceVolume = new SummedRing(period);
        _volume = new SummedRing(period);
    }

    public int Period => _volume.Capacity;

    public int Count { get; private set; }

    public bool IsReady => _volume.IsFull && _barsWithVolume > 0;

    /// <summary>Total volume in the window.</summary>
    public double WindowVolume => _barsWithVolume > 0 ? _volume.Sum : 0;

    /// <summary>The rolling VWAP, or NaN when not ready.</summary>
    public double Value => IsReady ? _priceVolume.Sum / _volume.Sum : double.NaN;

    /// <summary>Feeds the next bar and returns the new <see cref="Value"/>.</summary>
    public double Update(double high, double low, double close, double volume)
    {
        IndicatorGuard.Finite(high, nameof(high));
        IndicatorGuard.Finite(low, nameof(low));
        IndicatorGuard.Finite(close, nameof(close));
        IndicatorGuard.NonNegative(volume, nameof(volume));
        _priceVolume.Add((high + low + close) / 3 * volume);
        if (_volume.Add(volume, out var evicted) && evicted > 0)
        {
            _barsWithVolume--;
        }
        if (volume > 0)
        {
            _barsWithVolume++;
        }
        Count++;
        return Value;
    }

    public void Reset()
    {
        _priceVolume.Reset();
        _volume.Reset();
        _barsWithVolume = 0;
        Count = 0;
    }
}
