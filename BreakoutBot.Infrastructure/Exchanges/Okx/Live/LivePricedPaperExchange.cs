using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Paper;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Live;

/// <summary>
/// A paper account on live prices: before an order is simulated the tickers are fetched again and the instrument is
/// marked to its latest OKX price, so a market order fills at the live price and not at a cached one.
/// </summary>
public sealed class LivePricedPaperExchange(PaperExchangeClient paper, OkxMarketDataProvider market) : IExchangeClient
{
    public string Name => paper.Name;

    public async ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
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

    public ValueTask<OrderResult> CancelOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default) =>
        paper.CancelOrderAsync(instrumentId, orderId, cancellationToken);

    public ValueTask<OrderResult> AmendOrderAsync(string instrumentId, string orderId, decimal? newPrice, decimal? newTriggerPrice, CancellationToken cancellationToken = default) =>
        paper.AmendOrderAsync(instrumentId, orderId, newPrice, newTriggerPrice, cancellationToken);

    public ValueTask<OrderResult> ResizeOrderAsync(string instrumentId, string orderId, decimal newQuantity, CancellationToken cancellationToken = default) =>
        paper.ResizeOrderAsync(instrumentId, orderId, newQuantity, cancellationToken);

    public ValueTask<Order?> GetOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default) =>
        paper.GetOrderAsync(instrumentId, orderId, cancellationToken);

    public ValueTask<Order?> GetOrderByClientIdAsync(string instrumentId, string clientOrderId, CancellationToken cancellationToken = default) =>
        paper.GetOrderByClientIdAsync(instrumentId, clientOrderId, cancellationToken);

    public ValueTask<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) => paper.GetOpenOrdersAsync(cancellationToken);

    public ValueTask<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        paper.GetFillsAsync(afterSequence, cancellationToken);

    public ValueTask<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken cancellationToken = default) => paper.GetPositionsAsync(cancellationToken);

    public ValueTask<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default) => paper.GetBalanceAsync(cancellationToken);
}
