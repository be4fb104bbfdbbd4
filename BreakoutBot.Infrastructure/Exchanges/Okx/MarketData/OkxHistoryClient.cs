using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>
/// OKX's public history (no keys): 5-minute candles from <c>/market/history-candles</c> and settled funding rates from
/// <c>/public/funding-rate-history</c>, over <see cref="OkxRestClient"/> and its per-endpoint limiters (history-candles
/// 20 per 2 s per IP, funding-rate-history 10 per 2 s per IP and instrument). One instance is shared by every download,
/// so they count against the same limits. Only closed bars (<c>confirm=1</c>) are returned; a malformed reply is an
/// <see cref="OkxErrorKind.InvalidResponse"/> error naming the field.
/// </summary>
public sealed class OkxHistoryClient(OkxRestClient rest) : IDisposable
{
    /// <summary>The bar size downloaded: the engine's 5-minute bar.</summary>
    public const string Bar = "5m";

    /// <summary>Bars asked per history-candles request (the page size OKX has always allowed there).</summary>
    public const int BarsPerRequest = OkxRestClient.MaxHistoryCandlesPerPage;

    private const int MaxFundingPages = 1_000;

    /// <summary>
    /// The closed bars of <paramref name="instrumentId"/> whose open time lies in [<paramref name="firstOpen"/>,
    /// <paramref name="firstOpen"/> + <paramref name="count"/> × 5 min), oldest first: one request with both cursors
    /// (<c>before</c> = first open − 1 ms, <c>after</c> = the window's end). Bars OKX does not have are simply absent.
    /// </summary>
    public async Task<OkxResult<IReadOnlyList<Candle>>> GetBarsAsync(string instrumentId, DateTimeOffset firstOpen, int count, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, BarsPerRequest);
        var end = firstOpen + (Candle.Interval * count);
        var page = await rest.GetHistoryCandlesAsync(instrumentId, Bar, end, firstOpen.AddMilliseconds(-1), count, cancellationToken);
        if (!page.IsSuccess)
        {
            return OkxResults.Fail<IReadOnlyList<Candle>>(page.Error!);
        }
        var kind = KindOf(instrumentId);
        var candles = new List<Candle>(page.Value.Count);
        foreach (var row in page.Value.Where(r => r.IsConfirmed && r.Time >= firstOpen && r.Time < end).DistinctBy(r => r.Time).OrderBy(r => r.Time))
        {
            try
            {
                candles.Add(row.ToCandle(kind));
            }
            catch (DomainException ex)
            {
                return OkxResults.Fail<IReadOnlyList<Candle>>(new OkxError(
                    "parse",
                    $"Unreadable OKX candle of {instrumentId} at {row.Time.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture)}: {ex.Message}",
                    OkxErrorKind.InvalidResponse));
            }
        }
        return OkxResults.Ok<IReadOnlyList<Candle>>(candles);
    }

    /// <summary>
    /// Every settled funding rate of a perpetual swap in [<paramref name="from"/>, <paramref name="to"/>], oldest first:
    /// pages back from <paramref name="to"/> with <c>after</c> until a page reaches <paramref name="from"/> or OKX has no
    /// older settlement (it keeps only a few months).
    /// </summary>
    public async Task<OkxResult<IReadOnlyList<OkxFundingRate>>> GetFundingRatesAsync(string instrumentId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        var collected = new SortedDictionary<DateTimeOffset, OkxFundingRate>();
        var cursor = to.AddMilliseconds(1);
        for (var pages = 0; pages < MaxFundingPages; pages++)
        {
            var page = await rest.GetFundingRateHistoryAsync(instrumentId, cursor, null, OkxRestClient.FundingRatesPerPage, cancellationToken);
            if (!page.IsSuccess)
            {
                return OkxResults.Fail<IReadOnlyList<OkxFundingRate>>(page.Error!);
            }
            if (page.Value.Count == 0)
            {
                break;
            }
            foreach (var rate in page.Value.Where(r => r.FundingTime >= from && r.FundingTime <= to))
            {
                collected[rate.FundingTime] = rate;
            }
            var oldest = page.Value.Min(r => r.FundingTime);
            if (oldest < from || oldest >= cursor)
            {
                break;
            }
            cursor = oldest;
        }
        return OkxResults.Ok<IReadOnlyList<OkxFundingRate>>([.. collected.Values]);
    }

    /// <summary>
    /// The <paramref name="count"/> live USDT-margined swaps with the highest 24 h quote volume now (OKX's public
    /// instruments and tickers), highest first: two requests.
    /// </summary>
    public async Task<OkxResult<IReadOnlyList<string>>> TopUsdtSwapsByVolumeAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var instruments = await rest.GetInstrumentsAsync(InstrumentKind.Swap, null, cancellationToken);
        if (!instruments.IsSuccess)
        {
            return OkxResults.Fail<IReadOnlyList<string>>(instruments.Error!);
        }
        var tickers = await rest.GetTickersAsync(InstrumentKind.Swap, cancellationToken);
        if (!tickers.IsSuccess)
        {
            return OkxResults.Fail<IReadOnlyList<string>>(tickers.Error!);
        }
        var volume = tickers.Value.GroupBy(t => t.InstrumentId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var top = OkxUniverseSelector.Select(instruments.Value, volume, new OkxMarketDataOptions { MaxInstruments = count, BenchmarkInstrumentId = "" })
            .OrderByDescending(i => volume.TryGetValue(i.InstrumentId, out var t) ? t.Volume24hQuote : 0m)
            .ThenBy(i => i.InstrumentId, StringComparer.Ordinal)
            .Select(i => i.InstrumentId)
            .ToList();
        return OkxResults.Ok<IReadOnlyList<string>>(top);
    }

    /// <summary>True for instruments that settle funding (perpetual swaps).</summary>
    public static bool HasFunding(string instrumentId) => instrumentId.EndsWith("-SWAP", StringComparison.Ordinal);

    public void Dispose() => rest.Dispose();

    // A spot pair (BASE-QUOTE) counts volume in base currency; derivatives count contracts, so their coin volume is used.
    private static InstrumentKind KindOf(string instrumentId) =>
        instrumentId.Count(c => c == '-') == 1 ? InstrumentKind.Spot : InstrumentKind.Swap;
}
