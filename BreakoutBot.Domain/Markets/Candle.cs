using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Markets;

/// <summary>One OHLCV bar. <see cref="Time"/> is the bar's open time (UTC). Volume is in base units.</summary>
public readonly record struct Candle(DateTimeOffset Time, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume)
{
    /// <summary>The bar length BreakoutBot trades on.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    /// <summary>Builds a candle, rejecting impossible values with a message that names the field.</summary>
    public static Candle Create(DateTimeOffset time, decimal open, decimal high, decimal low, decimal close, decimal volume)
    {
        if (time.Offset != TimeSpan.Zero)
        {
            throw new DomainException($"Candle time {time:O} must be UTC.");
        }
        if (open <= 0 || high <= 0 || low <= 0 || close <= 0)
        {
            throw new DomainException($"Candle {At(time)}: prices must be positive (open {open}, high {high}, low {low}, close {close}).");
        }
        if (low > high)
        {
            throw new DomainException($"Candle {At(time)}: low {low} is above high {high}.");
        }
        if (open > high || open < low || close > high || close < low)
        {
            throw new DomainException($"Candle {At(time)}: open {open} and close {close} must lie within low {low} and high {high}.");
        }
        if (volume < 0)
        {
            throw new DomainException($"Candle {At(time)}: volume {volume} is negative.");
        }
        return new Candle(time, open, high, low, close, volume);
    }

    /// <summary>A bar's time as the portal shows times, "2024-01-01 00:50 UTC" (not the round-trip "2024-01-01T00:50:00.0000000+00:00").</summary>
    private static string At(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The time the bar closes (open time + 5 minutes).</summary>
    // The ticks added directly: the same value as Time + Interval, without the addition's conversions to local time and back.
    public DateTimeOffset CloseTime => new(Time.Ticks + IntervalTicks, Time.Offset);

    private static readonly long IntervalTicks = Interval.Ticks;
}
