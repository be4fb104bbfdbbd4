using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>
/// The exchange port. The engine cannot tell the paper exchange from OKX. Quantities are coins; the adapter maps
/// them to contracts. Expected failures (rejects, rate limits, timeouts) come back as <see cref="OrderResult"/>
/// values, never as exceptions.
/// </summary>
public interface IExchangeClient
{
    /// <summary>A short name for logs and the status page, e.g. "paper" or "okx-demo".</summary>
    string Name { get; }

    /// <summary>
    /// How late the exchange may decide that a resting order's price traded: zero for a venue that matches as the market
    /// trades (OKX, a paper account marked to live ticks); a paper account stepped bar by bar (a replay, an engine on a
    /// stored data set) decides resting fills once per bar, from the whole bar. An order meant to rest for less than this
    /// (a post-only clip and its deadman) cannot be judged on such an exchange, so the engine does not rest it (ADR-011).
    /// </summary>
    TimeSpan RestingFillResolution => TimeSpan.Zero;

    ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels an open order by exchange id. Cancelling an order that is already done fails with OrderNotFound.</summary>
    ValueTask<OrderResult> CancelOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default);

    /// <summary>Changes the trigger price (stop / take-profit) or limit price of an open order.</summary>
    ValueTask<OrderResult> AmendOrderAsync(string instrumentId, string orderId, decimal? newPrice, decimal? newTriggerPrice, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the total quantity of an open stop or take-profit order (a protective order follows the position it
    /// covers: more entry fills, a partial exit). Fails with OrderNotFound when the order is no longer open.
    /// </summary>
    ValueTask<OrderResult> ResizeOrderAsync(string instrumentId, string orderId, decimal newQuantity, CancellationToken cancellationToken = default);

    ValueTask<Order?> GetOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default);

    ValueTask<Order?> GetOrderByClientIdAsync(string instrumentId, string clientOrderId, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default);

    /// <summary>Fills with <see cref="Fill.Sequence"/> greater than <paramref name="afterSequence"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken cancellationToken = default);

    ValueTask<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default);
}
