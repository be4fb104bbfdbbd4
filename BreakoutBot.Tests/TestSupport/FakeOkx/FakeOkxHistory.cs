using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>Deterministic market history for the fake OKX: the same arguments always give the same bars and rates.</summary>
public static class FakeOkxHistory
{
    /// <summary>
    /// <paramref name="count"/> closed 5-minute bars from <paramref name="firstOpen"/>, a gentle random walk around
    /// <paramref name="startPrice"/> (prices on a 0.1 tick, volume in contracts), fixed by <paramref name="seed"/>.
    /// </summary>
    public static IReadOnlyList<FakeOkxCandle> Candles(DateTimeOffset firstOpen, int count, decimal startPrice = 30_000m, int seed = 7)
    {
        var random = new Random(seed);
        var candles = new List<FakeOkxCandle>(count);
        var close = startPrice;
        for (var i = 0; i < count; i++)
        {
            var open = close;
            close = Math.Max(1m, open + Math.Round((decimal)(random.NextDouble() - 0.5) * startPrice * 0.004m, 1));
            var high = Math.Max(open, close) + Math.Round((decimal)random.NextDouble() * startPrice * 0.001m, 1);
            var low = Math.Max(0.1m, Math.Min(open, close) - Math.Round((decimal)random.NextDouble() * startPrice * 0.001m, 1));
            var volume = Math.Round(100m + ((decimal)random.NextDouble() * 900m), 2);
            candles.Add(new FakeOkxCandle(firstOpen + (Candle.Interval * i), open, high, low, close, volume));
        }
        return candles;
    }

    /// <summary>One rate per 8-hour settlement (00:00, 08:00, 16:00 UTC) in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static IReadOnlyList<(DateTimeOffset Time, decimal Rate)> FundingRates(DateTimeOffset from, DateTimeOffset to)
    {
        var rates = new List<(DateTimeOffset, decimal)>();
        var time = new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero);
        for (; time <= to; time = time.AddHours(8))
        {
            if (time >= from)
            {
                // The rate depends on the settlement time only, so any range of the same history agrees.
                rates.Add((time, 0.0001m * ((((time.Day * 3) + (time.Hour / 8)) % 5) - 1)));
            }
        }
        return rates;
    }
}
