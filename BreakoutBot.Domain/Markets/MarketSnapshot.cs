namespace BreakoutBot.Domain.Markets;

/// <summary>
/// One instrument's market data as of the provider's clock: the closed candles newer than the caller's last one
/// (oldest first), and the latest ticker, order book and open-interest figures where the source has them.
/// <see cref="IsStale"/> says the source's data is too old to enter on (prices still flow for open positions).
/// <see cref="OpenInterestUsd"/> is null when the source has no open interest or its last read failed;
/// <see cref="OpenInterestTime"/> is when the exchange measured it. <see cref="OpenInterestChange24h"/> is the source's
/// own 24 h relative change when it has one; otherwise the scanner derives it from the open interest it has seen.
/// </summary>
public sealed record MarketSnapshot(
    Instrument Instrument,
    IReadOnlyList<Candle> NewCandles,
    Ticker? Ticker,
    OrderBookSummary? OrderBook,
    decimal? OpenInterestUsd,
    double? OpenInterestChange24h,
    double? TradesPerMinute,
    bool IsStale = false,
    DateTimeOffset? OpenInterestTime = null);
