using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Tests.TestSupport.Builders;

/// <summary>Instruments and candle series for scanner tests: bars built from a close path, 5 minutes apart.</summary>
public static class ScanningBuilder
{
    public static readonly DateTimeOffset Start = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    public static Instrument Swap(string baseCurrency) => new(baseCurrency + "-USDT-SWAP", InstrumentKind.Swap, 0.0001m, 1m, 1m, 1m);

    public static Instrument Spot(string baseCurrency) => new(baseCurrency + "-USDT", InstrumentKind.Spot, 0.0001m, 0.0001m, 0.0001m, 1m);

    /// <summary>A BTC-like close path: a gentle trend with a wave on top, so it has variance over any 20 bars.</summary>
    public static double BtcClose(int i) => 30_000d + (10d * i) + (150d * Math.Sin(i * 0.7));

    /// <summary>
    /// One bar per close, opening at the previous close, with a 0.1 % wick either side. Bar i opens at
    /// <see cref="Start"/> + i·5 min, except that bars from <paramref name="gapAt"/> on are shifted one extra bar later.
    /// </summary>
    public static List<Candle> FromCloses(IEnumerable<double> closes, double volume = 100d, int gapAt = -1)
    {
        var list = new List<Candle>();
        var previous = double.NaN;
        var i = 0;
        foreach (var close in closes)
        {
            var open = double.IsNaN(previous) ? close : previous;
            var time = Start + (Candle.Interval * (i + (gapAt >= 0 && i >= gapAt ? 1 : 0)));
            list.Add(Candle.Create(
                time,
                Money(open),
                Money(Math.Max(open, close) * 1.001),
                Money(Math.Min(open, close) * 0.999),
                Money(close),
                Money(volume)));
            previous = close;
            i++;
        }
        return list;
    }

    public static List<Candle> Btc(int bars, double volume = 100d, int gapAt = -1) =>
        FromCloses(Enumerable.Range(0, bars).Select(BtcClose), volume, gapAt);

    private static decimal Money(double value) => decimal.Round((decimal)value, 4);
}
