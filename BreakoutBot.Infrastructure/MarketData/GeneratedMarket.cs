using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>A synthetic market: the instrument definitions (benchmark first) and each one's 5-minute candles, oldest first.</summary>
public sealed record GeneratedMarket(IReadOnlyList<Instrument> Instruments, IReadOnlyDictionary<string, IReadOnlyList<Candle>> Candles);
