using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// One loaded candle file: the instrument (from the file name), its candles in open-time order, each timestamp once, and what the loader noticed on the way.
/// </summary>
/// <param name="DuplicatesDropped">Exact duplicate rows dropped by a repair (0 otherwise: duplicates are an error).</param>
/// <param name="ZeroVolumeBars">Bars with zero volume (exchange maintenance), kept as they are.</param>
/// <param name="RowsReordered">Rows a repair moved because they came after a later bar (0 otherwise: disorder is an error).</param>
public sealed record CandleCsvFile(string InstrumentId, IReadOnlyList<Candle> Candles, int DuplicatesDropped, int ZeroVolumeBars, int RowsReordered = 0);
