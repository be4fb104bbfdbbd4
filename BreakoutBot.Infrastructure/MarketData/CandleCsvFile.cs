using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// One loaded candle file: the instrument (from the file name), its candles sorted by open time with duplicate
/// timestamps removed, and what the loader noticed on the way.
/// </summary>
/// <param name="DuplicatesDropped">Rows dropped because an earlier row had the same timestamp (the first one is kept).</param>
/// <param name="ZeroVolumeBars">Bars with zero volume (exchange maintenance), kept as they are.</param>
public sealed record CandleCsvFile(string InstrumentId, IReadOnlyList<Candle> Candles, int DuplicatesDropped, int ZeroVolumeBars);
