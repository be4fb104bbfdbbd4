using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Paper;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Live;

/// <summary>
/// A paper account on live prices: before an order is simulated the tickers are fetched again and the instrument is
/// marked to its latest OKX price, so a market order fills at the live price and not at a cached one.
/// </summary>
public sealed class LivePricedPaperExchange(PaperExchangeClient paper, OkxMarketDataProvider market) : DelegatingExchangeClient(paper)
{
    public override async ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await market.RefreshTickersAsync(cancellationToken);
        var snapshot = await market.GetSnapshotAsync(request.InstrumentId, DateTimeOffset.MaxValue, 1, cancellationToken);
        if (snapshot?.Ticker is { Last: > 0 } ticker)
        {
            paper.SetMarkPrice(request.InstrumentId, ticker.Last);
        }
        return await paper.PlaceOrderAsync(request, cancellationToken);
    }
}
