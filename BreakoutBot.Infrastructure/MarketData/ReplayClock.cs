using BreakoutBot.Domain.Common;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// A simulated UTC clock for replays and backtests: time stands still until the driver sets or advances it. Only
/// <see cref="GetUtcNow"/> is simulated; timers created from it still run on real time. Safe to read from any thread.
/// </summary>
public sealed class ReplayClock : TimeProvider
{
    private long _utcTicks;

    public ReplayClock(DateTimeOffset start)
    {
        SetUtcNow(start);
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    // A volatile read is atomic for a long on every platform and, unlike Interlocked.Read (a locked compare-exchange on
    // x64), costs no more than a plain load; the engine reads the clock several times a cycle.
    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock to <paramref name="utcNow"/> (converted to UTC). Going backwards is a driver bug.</summary>
    public void SetUtcNow(DateTimeOffset utcNow)
    {
        var ticks = utcNow.UtcTicks;
        var current = Volatile.Read(ref _utcTicks);
        if (ticks < current)
        {
            throw new DomainException($"Replay clock cannot go back from {GetUtcNow():O} to {utcNow.ToUniversalTime():O}.");
        }
        Interlocked.Exchange(ref _utcTicks, ticks);
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/> (not negative).</summary>
    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero)
        {
            throw new DomainException($"Replay clock cannot advance by a negative time ({delta}).");
        }
        Interlocked.Add(ref _utcTicks, delta.Ticks);
    }
}
