using System.Collections.Concurrent;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Paper;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Live;

/// <summary>
/// A paper account on live prices: before an order is simulated the tickers are fetched again and the instrument is
/// marked to its latest OKX price, so a market order fills at the live price and not at a cached one. The live book
/// summary read then (spread, depth within 0.3 %) is what the paper's cost model prices taker fills against (ADR-007);
/// stops and take-profits triggered later by ticks use the last book read for their instrument.
/// </summary>
public sealed class LivePricedPaperExchange : DelegatingExchangeClient
{
    private readonly PaperExchangeClient _paper;
    private readonly OkxMarketDataProvider _market;
    private readonly ConcurrentDictionary<string, OrderBookSummary> _books = new(StringComparer.Ordinal);

    public LivePricedPaperExchange(PaperExchangeClient paper, OkxMarketDataProvider market)
        : base(paper)
    {
        _paper = paper;
        _market = market;
        paper.UseOrderBooks(id => _books.TryGetValue(id, out var book) ? book : null);
    }

    public override async ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _market.RefreshTickersAsync(cancellationToken);
        var snapshot = await _market.GetSnapshotAsync(request.InstrumentId, DateTimeOffset.MaxValue, 1, cancellationToken);
        if (snapshot?.OrderBook is { } book)
        {
            _books[request.InstrumentId] = book;
        }
        if (snapshot?.Ticker is { Last: > 0 } ticker)
        {
            _paper.SetMarkPrice(request.InstrumentId, ticker.Last);
        }
        return await _paper.PlaceOrderAsync(request, cancellationToken);
    }
}
