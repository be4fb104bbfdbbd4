using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>Instruments and their candles, from a CSV folder or the generator.</summary>
public sealed record MarketDataSet(IReadOnlyList<Instrument> Instruments, IReadOnlyDictionary<string, IReadOnlyList<Candle>> Candles, string Description)
{
    public static MarketDataSet FromFolder(string folder, CandleCsvLoader? loader = null) =>
        FromFiles((loader ?? new CandleCsvLoader()).LoadFiles(folder), folder);

    /// <summary>A set from files already loaded from <paramref name="folder"/> (e.g. to report what a repair did).</summary>
    public static MarketDataSet FromFiles(IReadOnlyList<CandleCsvFile> files, string folder)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new InvalidDataException($"No *.csv candle files in {folder}.");
        }
        var candles = files.ToDictionary(f => f.InstrumentId, f => f.Candles, StringComparer.Ordinal);
        var instruments = candles.Keys.Order(StringComparer.Ordinal).Select(InstrumentDefaults.For).ToList();
        return new MarketDataSet(instruments, candles, $"CSV folder {folder}");
    }

    public static MarketDataSet Generated(int seed, int instruments, int bars)
    {
        var market = MarketGenerator.Generate(new MarketGeneratorOptions { Seed = seed, InstrumentCount = instruments, BarsPerInstrument = bars });
        return new MarketDataSet(market.Instruments, market.Candles, $"generated market (seed {seed}, {instruments} instruments, {bars} bars)");
    }

    public long TotalBars => Candles.Values.Sum(c => (long)c.Count);
}
