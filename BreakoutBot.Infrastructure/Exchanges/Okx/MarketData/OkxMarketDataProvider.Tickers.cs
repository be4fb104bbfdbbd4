using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>Tickers over REST (all of a type per call) and books over REST, cached.</summary>
public sealed partial class OkxMarketDataProvider
{
    private IEnumerable<InstrumentKind> Kinds() =>
        _options.IncludeSpot ? [InstrumentKind.Swap, InstrumentKind.Spot] : [InstrumentKind.Swap];

    private async Task<Dictionary<string, OkxTicker>?> FetchTickersAsync(CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, OkxTicker>(StringComparer.Ordinal);
        foreach (var kind in Kinds())
        {
            var page = await _rest.GetTickersAsync(kind, cancellationToken);
            if (!page.IsSuccess)
            {
                RecordError("loading tickers", page.Error!);
                return null;
            }
            foreach (var ticker in page.Value)
            {
                all[ticker.InstrumentId] = ticker;
            }
        }
        return all;
    }

    private void ApplyTickers(IEnumerable<OkxTicker> tickers)
    {
        foreach (var ticker in tickers)
        {
            ApplyTicker(ticker);
        }
    }

    private bool ApplyTicker(OkxTicker ticker)
    {
        if (ticker.Last is not > 0 || !_tracked.TryGetValue(ticker.InstrumentId, out var tracked))
        {
            return false;
        }
        lock (tracked.Gate)
        {
            if (tracked.Ticker is { } held && held.Time > ticker.Time)
            {
                return false;
            }
            tracked.Ticker = ticker.ToTicker();
            return true;
        }
    }

    private async Task<OrderBookSummary?> BookAsync(Tracked tracked, CancellationToken cancellationToken)
    {
        OrderBookSummary? cached;
        DateTimeOffset? fetchedAt;
        lock (tracked.Gate)
        {
            cached = tracked.Book;
            fetchedAt = tracked.BookFetchedAt;
        }
        if (!_options.FetchBooks || (fetchedAt is { } at && _time.GetUtcNow() - at < _options.BookTtl))
        {
            return cached;
        }
        var result = await _rest.GetOrderBookAsync(tracked.Instrument.Id, _options.BookDepth, cancellationToken);
        if (!result.IsSuccess)
        {
            RecordError("order book of " + tracked.Instrument.Id, result.Error!);
            return cached;
        }
        var summary = result.Value.ToSummary(tracked.Instrument.ContractValue);
        lock (tracked.Gate)
        {
            tracked.Book = summary ?? tracked.Book;
            tracked.BookFetchedAt = _time.GetUtcNow();
            return tracked.Book;
        }
    }
}
