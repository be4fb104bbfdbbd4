using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>Public endpoints: server time, instruments, tickers, candles, order book.</summary>
public sealed partial class OkxRestClient
{
    /// <summary>Rows per page of <c>/market/candles</c> (OKX maximum).</summary>
    public const int MaxCandlesPerPage = 300;

    /// <summary>Rows per page of <c>/market/history-candles</c> (OKX maximum).</summary>
    public const int MaxHistoryCandlesPerPage = 100;

    public Task<OkxResult<OkxServerTime>> GetServerTimeAsync(CancellationToken cancellationToken) =>
        GetAsync(OkxEndpoints.ServerTime, null, new OkxQuery(), (body, status) => OkxResponseParser.ParseFirst(body, status, OkxServerTime.FromJson), cancellationToken);

    /// <summary>All instruments of a kind (SWAP or SPOT), or one when <paramref name="instrumentId"/> is given.</summary>
    public Task<OkxResult<IReadOnlyList<OkxInstrument>>> GetInstrumentsAsync(InstrumentKind kind, string? instrumentId, CancellationToken cancellationToken)
    {
        var instrumentType = InstrumentType(kind);
        var query = new OkxQuery().Add("instType", instrumentType).Add("instId", instrumentId);
        return GetAsync(OkxEndpoints.Instruments, instrumentType, query, (body, status) => OkxResponseParser.ParseList(body, status, OkxInstrument.FromJson), cancellationToken);
    }

    public Task<OkxResult<OkxTicker>> GetTickerAsync(string instrumentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        var query = new OkxQuery().Add("instId", instrumentId);
        return GetAsync(OkxEndpoints.Ticker, instrumentId, query, (body, status) => OkxResponseParser.ParseFirst(body, status, OkxTicker.FromJson), cancellationToken);
    }

    public Task<OkxResult<IReadOnlyList<OkxTicker>>> GetTickersAsync(InstrumentKind kind, CancellationToken cancellationToken)
    {
        var query = new OkxQuery().Add("instType", InstrumentType(kind));
        return GetAsync(OkxEndpoints.Tickers, null, query, (body, status) => OkxResponseParser.ParseList(body, status, OkxTicker.FromJson), cancellationToken);
    }

    /// <summary>
    /// Recent candles, newest first as OKX sends them (the first row may still be forming). <paramref name="after"/>
    /// returns rows older than that open time, <paramref name="before"/> rows newer than it.
    /// </summary>
    public Task<OkxResult<IReadOnlyList<OkxCandle>>> GetCandlesAsync(
        string instrumentId,
        string bar,
        DateTimeOffset? after,
        DateTimeOffset? before,
        int? limit,
        CancellationToken cancellationToken) =>
        GetCandlePageAsync(OkxEndpoints.Candles, instrumentId, bar, after, before, limit, MaxCandlesPerPage, cancellationToken);

    /// <summary>Older candles (<c>/market/history-candles</c>), newest first; page back by passing the oldest open time as <paramref name="after"/>.</summary>
    public Task<OkxResult<IReadOnlyList<OkxCandle>>> GetHistoryCandlesAsync(
        string instrumentId,
        string bar,
        DateTimeOffset? after,
        DateTimeOffset? before,
        int? limit,
        CancellationToken cancellationToken) =>
        GetCandlePageAsync(OkxEndpoints.HistoryCandles, instrumentId, bar, after, before, limit, MaxHistoryCandlesPerPage, cancellationToken);

    /// <summary>
    /// The newest <paramref name="count"/> closed candles, oldest first and one per open time: the first page from
    /// <c>/market/candles</c>, then pages back through <c>/market/history-candles</c> with <c>after</c> until enough
    /// rows are collected or OKX has no older ones. The forming bar is left out.
    /// </summary>
    public async Task<OkxResult<IReadOnlyList<OkxCandle>>> BackfillCandlesAsync(string instrumentId, string bar, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var collected = new Dictionary<DateTimeOffset, OkxCandle>();
        var first = await GetCandlesAsync(instrumentId, bar, null, null, Math.Min(count + 1, MaxCandlesPerPage), cancellationToken);
        if (!first.IsSuccess)
        {
            return first;
        }
        var oldest = Collect(first.Value, collected);
        while (collected.Count < count && oldest is { } pageEnd)
        {
            var page = await GetHistoryCandlesAsync(instrumentId, bar, pageEnd, null, Math.Min(count - collected.Count, MaxHistoryCandlesPerPage), cancellationToken);
            if (!page.IsSuccess)
            {
                return page;
            }
            var pageOldest = Collect(page.Value, collected);
            oldest = pageOldest is { } next && next < pageEnd ? next : null;
        }
        IReadOnlyList<OkxCandle> candles = collected.Values.OrderBy(candle => candle.Time).TakeLast(count).ToList();
        return OkxResults.Ok(candles);
    }

    /// <summary>The order book with <paramref name="depth"/> levels per side (OKX maximum 400).</summary>
    public Task<OkxResult<OkxOrderBook>> GetOrderBookAsync(string instrumentId, int depth, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        var query = new OkxQuery().Add("instId", instrumentId).Add("sz", Math.Min(depth, 400));
        return GetAsync(OkxEndpoints.Books, instrumentId, query, (body, status) => OkxResponseParser.ParseFirst(body, status, OkxOrderBook.FromJson), cancellationToken);
    }

    private static string InstrumentType(InstrumentKind kind) => kind switch
    {
        InstrumentKind.Swap => "SWAP",
        InstrumentKind.Spot => "SPOT",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only SWAP and SPOT instruments are supported."),
    };

    private static DateTimeOffset? Collect(IReadOnlyList<OkxCandle> rows, Dictionary<DateTimeOffset, OkxCandle> collected)
    {
        DateTimeOffset? oldest = null;
        foreach (var row in rows)
        {
            if (row.IsConfirmed)
            {
                collected[row.Time] = row;
            }
            if (oldest is null || row.Time < oldest)
            {
                oldest = row.Time;
            }
        }
        return oldest;
    }

    private Task<OkxResult<IReadOnlyList<OkxCandle>>> GetCandlePageAsync(
        OkxEndpoint endpoint,
        string instrumentId,
        string bar,
        DateTimeOffset? after,
        DateTimeOffset? before,
        int? limit,
        int maxLimit,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(bar);
        var query = new OkxQuery()
            .Add("instId", instrumentId)
            .Add("bar", bar)
            .Add("after", after)
            .Add("before", before)
            .Add("limit", limit is { } rows ? Math.Clamp(rows, 1, maxLimit) : null);
        return GetAsync(endpoint, instrumentId, query, (body, status) => OkxResponseParser.ParseList(body, status, OkxCandle.FromJson), cancellationToken);
    }
}
