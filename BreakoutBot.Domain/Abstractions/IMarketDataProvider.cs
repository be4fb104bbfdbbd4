using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>
/// The market-data port: the universe and, per instrument, the closed candles after a given time plus the latest
/// ticker and book. Replay providers answer from stored candles up to their simulated clock; live providers from
/// the exchange.
/// </summary>
public interface IMarketDataProvider
{
    /// <summary>The tradable universe, in a stable order.</summary>
    ValueTask<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Market data for one instrument as of now: closed candles with open time after <paramref name="candlesAfter"/>
    /// (all available up to <paramref name="maxCandles"/>, the most recent ones, oldest first), ticker and book.
    /// Returns null for an unknown instrument.
    /// </summary>
    ValueTask<MarketSnapshot?> GetSnapshotAsync(string instrumentId, DateTimeOffset? candlesAfter, int maxCandles, CancellationToken cancellationToken = default);
}
