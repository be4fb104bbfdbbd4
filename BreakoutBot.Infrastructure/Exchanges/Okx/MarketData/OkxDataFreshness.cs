namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>
/// How fresh one instrument's data is: the open time of its last closed bar, its ticker's OKX timestamp and, when
/// <see cref="IsStale"/>, why (no new entries are taken on a stale instrument).
/// </summary>
public sealed record OkxDataFreshness(
    string InstrumentId,
    DateTimeOffset? LastClosedBar,
    DateTimeOffset? TickerTime,
    bool IsStale,
    string? Reason);
