using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges;

/// <summary>
/// An exchange that wraps another and passes every call through; a decorator (recording, live pricing, test faults)
/// derives from it and overrides only the calls it changes.
/// </summary>
public abstract class DelegatingExchangeClient(IExchangeClient inner) : IExchangeClient
{
    /// <summary>The exchange this one wraps.</summary>
    public IExchangeClient Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public virtual string Name => Inner.Name;

    public virtual TimeSpan RestingFillResolution => Inner.RestingFillResolution;

    public virtual ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
        Inner.PlaceOrderAsync(request, cancellationToken);

    public virtual ValueTask<OrderResult> CancelOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default) =>
        Inner.CancelOrderAsync(instrumentId, orderId, cancellationToken);

    public virtual ValueTask<OrderResult> AmendOrderAsync(string instrumentId, string orderId, decimal? newPrice, decimal? newTriggerPrice, CancellationToken cancellationToken = default) =>
        Inner.AmendOrderAsync(instrumentId, orderId, newPrice, newTriggerPrice, cancellationToken);

    public virtual ValueTask<OrderResult> ResizeOrderAsync(string instrumentId, string orderId, decimal newQuantity, CancellationToken cancellationToken = default) =>
        Inner.ResizeOrderAsync(instrumentId, orderId, newQuantity, cancellationToken);

    public virtual ValueTask<Order?> GetOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default) =>
        Inner.GetOrderAsync(instrumentId, orderId, cancellationToken);

    public virtual ValueTask<Order?> GetOrderByClientIdAsync(string instrumentId, string clientOrderId, CancellationToken cancellationToken = default) =>
        Inner.GetOrderByClientIdAsync(instrumentId, clientOrderId, cancellationToken);

    public virtual ValueTask<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) =>
        Inner.GetOpenOrdersAsync(cancellationToken);

    public virtual ValueTask<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        Inner.GetFillsAsync(afterSequence, cancellationToken);

    public virtual ValueTask<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken cancellationToken = default) =>
        Inner.GetPositionsAsync(cancellationToken);

    public virtual ValueTask<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        Inner.GetBalanceAsync(cancellationToken);
}
