namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>The provider's state for the dashboard: universe size, stale instruments, last refreshes and the last error.</summary>
public sealed record OkxMarketDataSummary(
    int Instruments,
    int StaleInstruments,
    DateTimeOffset? LastUniverseRefresh,
    DateTimeOffset? LastTickerRefresh,
    DateTimeOffset? LastCandlePoll,
    string? LastError,
    DateTimeOffset? LastErrorAt);
