using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>
/// A market-data port that can also update the scanner's <see cref="InstrumentMarket"/> directly, without building a
/// <see cref="Markets.MarketSnapshot"/>: a replay is asked for every instrument on every bar, so the snapshot (and the view
/// over its new bars) would be garbage at that rate. The result must be exactly what applying the port's
/// <see cref="IMarketDataProvider.GetSnapshotAsync"/> answer for the market's last bar would give.
/// </summary>
public interface IMarketUpdateSource
{
    /// <summary>
    /// Adds the instrument's closed bars after the market's last one (at most <paramref name="maxCandles"/>, the newest)
    /// and its latest quotes to <paramref name="market"/>. False for an unknown instrument (the market is left as it is).
    /// </summary>
    bool TryUpdate(string instrumentId, InstrumentMarket market, int maxCandles, Func<long, double>? benchmarkCloseAt);

    /// <summary>
    /// The close of the instrument's bar that opened at <paramref name="openTicks"/>, as a double, when that bar has closed by
    /// now; NaN otherwise (the benchmark's bars older than its market's window).
    /// </summary>
    double CloseAt(string instrumentId, long openTicks);
}
