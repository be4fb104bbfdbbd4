using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>
/// Wraps an exchange and records every order request sent to it (in order), so a test can see exactly what the engine
/// asked for (time in force, attached stop) and count the stops it placed itself. Everything passes straight through.
/// </summary>
public sealed class RecordingExchange(IExchangeClient inner) : IExchangeClient
{
    private readonly Lock _gate = new();
    private readonly List<OrderRequest> _placed = [];

    public IExchangeClient Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public string Name => Inner.Name;

    /// <summary>Every request given to <see cref="PlaceOrderAsync"/> so far, accepted or not.</summary>
    public IReadOnlyList<OrderRequest> Placed
    {
        get
        {
            lock (_gate)
            {
                return [.. _placed];
            }
        }
    }

    public ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _placed.Add(request);
        }
        return Inner.PlaceOrderAsync(request, cancellationToken);
    }

    public ValueTask<OrderResult> CancelOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default) =>
        Inner.CancelOrderAsync(instrumentId, orderId, cancellationToken);

    public ValueTask<OrderResult> AmendOrderAsync(string instrumentId, string orderId, decimal? newPrice, decimal? newTriggerPrice, CancellationToken cancellationToken = default) =>
        Inner.AmendOrderAsync(instrumentId, orderId, newPrice, newTriggerPrice, cancellationToken);

    public ValueTask<OrderResult> ResizeOrderAsync(string instrumentId, string orderId, decimal newQuantity, CancellationToken cancellationToken = default) =>
        Inner.ResizeOrderAsync(instrumentId, orderId, newQuantity, cancellationToken);

    public ValueTask<Order?> GetOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default) =>
        Inner.GetOrderAsync(instrumentId, orderId, cancellationToken);

    public ValueTask<Order?> GetOrderByClientIdAsync(string instrumentId, string clientOrderId, CancellationToken cancellationToken = default) =>
        Inner.GetOrderByClientIdAsync(instrumentId, clientOrderId, cancellationToken);

    public ValueTask<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) =>
        Inner.GetOpenOrdersAsync(cancellationToken);

    public ValueTask<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        Inner.GetFillsAsync(afterSequence, cancellationToken);

    public ValueTask<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken cancellationToken = default) =>
        Inner.GetPositionsAsync(cancellationToken);

    public ValueTask<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        Inner.GetBalanceAsync(cancellationToken);
}
