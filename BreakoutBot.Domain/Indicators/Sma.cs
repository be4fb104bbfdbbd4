namespace BreakoutBot.Domain.Indicators;

/// <summary>Simple moving average of the last <see cref="Period"/> values. <see cref="Value"/> is NaN until ready.</summary>
public sealed class Sma
{
    private readonly SummedRing _window;

    public Sma(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _window = new SummedRing(period);
    }

    public int Period => _window.Capacity;

    /// <summary>Values fed since construction or the last reset.</summary>
    public int Count { get; private set; }

    /// <summary>True once <see cref="Period"/> values have been fed.</summary>
    public bool IsReady => _window.IsFull;

    /// <summary>The average of the last <see cref="Period"/> values, or NaN during warm-up.</summary>
    public double Value => IsReady ? _window.Sum / _window.Capacity : double.NaN;

    /// <summary>Feeds the next value and returns the new <see cref="Value"/>.</summary>
    public double Update(double value)
    {
        IndicatorGuard.Finite(value, nameof(value));
        _window.Add(value);
        Count++;
        return Value;
    }

    public void Reset()
    {
        _window.Reset();
        Count = 0;
    }
}
