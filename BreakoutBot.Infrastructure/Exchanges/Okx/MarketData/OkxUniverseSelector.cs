using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>
/// Picks the instruments the live provider tracks from OKX's instrument lists: live USDT-margined linear swaps (and
/// live USDT spot pairs when <see cref="OkxMarketDataOptions.IncludeSpot"/>), narrowed to the allow-list when one is
/// set, then to the top <see cref="OkxMarketDataOptions.MaxInstruments"/> by 24 h quote volume (instruments without a
/// ticker count as zero volume). The benchmark (<see cref="OkxMarketDataOptions.BenchmarkInstrumentId"/>) is added when
/// it is listed and eligible, whatever its volume rank or the allow-list. The result is ordered by id (ordinal), so the
/// universe has a stable order.
/// </summary>
public static class OkxUniverseSelector
{
    private const string Usdt = "USDT";

    public static IReadOnlyList<OkxInstrument> Select(
        IEnumerable<OkxInstrument> instruments,
        IReadOnlyDictionary<string, OkxTicker> tickers,
        OkxMarketDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(tickers);
        ArgumentNullException.ThrowIfNull(options);
        var eligible = instruments
            .Where(i => IsEligible(i, options.IncludeSpot))
            .DistinctBy(i => i.InstrumentId, StringComparer.Ordinal)
            .ToList();
        var allow = new HashSet<string>(options.AllowList.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()), StringComparer.Ordinal);
        var chosen = allow.Count > 0 ? eligible.Where(i => allow.Contains(i.InstrumentId)).ToList() : eligible;
        if (options.MaxInstruments > 0 && chosen.Count > options.MaxInstruments)
        {
            chosen = chosen
                .OrderByDescending(i => tickers.TryGetValue(i.InstrumentId, out var t) ? t.Volume24hQuote : 0m)
                .ThenBy(i => i.InstrumentId, StringComparer.Ordinal)
                .Take(options.MaxInstruments)
                .ToList();
        }
        var benchmarkId = options.BenchmarkInstrumentId?.Trim();
        if (!string.IsNullOrEmpty(benchmarkId)
            && !chosen.Any(i => i.InstrumentId == benchmarkId)
            && eligible.FirstOrDefault(i => i.InstrumentId == benchmarkId) is { } benchmark)
        {
            chosen.Add(benchmark);
        }
        return chosen.OrderBy(i => i.InstrumentId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Live, mappable to the engine's coin-quantity model, and USDT: a linear swap settled in USDT or a USDT spot pair.</summary>
    public static bool IsEligible(OkxInstrument instrument, bool includeSpot)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (!instrument.IsLive || !instrument.CanMapToInstrument)
        {
            return false;
        }
        if (instrument.IsSwap)
        {
            return instrument.IsLinear && string.Equals(instrument.SettleCurrency, Usdt, StringComparison.Ordinal);
        }
        return includeSpot && instrument.IsSpot && string.Equals(instrument.QuoteCurrency, Usdt, StringComparison.Ordinal);
    }
}
