using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>
/// Wraps an exchange and, while closed, holds <see cref="GetPositionsAsync"/> (the first thing a reconciliation reads)
/// until <see cref="Open"/> or <see cref="Fail"/>: a slow (or failing) OKX without sleeps. Everything else passes straight through.
/// </summary>
public sealed class GatedExchange(IExchangeClient inner) : IExchangeClient
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Not "paper": the engine treats it as an exchange account, so demo and live modes may start on it.</summary>
    public string Name => "fake-okx";

    /// <summary>Completes when a call has reached the gate and waits there.</summary>
    public Task Entered => _entered.Task;

    public void Open() => _gate.TrySetResult();

    public void Fail(Exception error) => _gate.TrySetException(error);

    /// <summary>When set, only the positions cannot be read (everything else answers).</summary>
    public Exception? PositionsError { get; set; }

    public async ValueTask<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        _entered.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        return PositionsError is { } error ? throw error : await inner.GetPositionsAsync(cancellationToken);
    }

    public ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) => inner.PlaceOrderAsync(request, cancellationToken);

    public ValueTask<OrderResult> CancelOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default) => inner.CancelOrderAsync(instrumentId, orderId, cancellationToken);

    public ValueTask<OrderResult> AmendOrderAsync(string instrumentId, string orderId, decimal? newPrice, decimal? newTriggerPrice, CancellationToken cancellationToken = default) =>
        inner.AmendOrderAsync(instrumentId, orderId, newPrice, newTriggerPrice, cancellationToken);

    public ValueTask<OrderResult> ResizeOrderAsync(string instrumentId, string orderId, decimal newQuantity, CancellationToken cancellationToken = default) =>
        inner.ResizeOrderAsync(instrumentId, orderId, newQuantity, cancellationToken);

    public ValueTask<Order?> GetOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default) => inner.GetOrderAsync(instrumentId, orderId, cancellationToken);

    public ValueTask<Order?> GetOrderByClientIdAsync(string instrumentId, string clientOrderId, CancellationToken cancellationToken = default) => inner.GetOrderByClientIdAsync(instrumentId, clientOrderId, cancellationToken);

    public ValueTask<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) => inner.GetOpenOrdersAsync(cancellationToken);

    public ValueTask<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default) => inner.GetFillsAsync(afterSequence, cancellationToken);

    /// <summary>After <see cref="Fail"/> the account cannot be read either (OKX is down).</summary>
    public ValueTask<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        _gate.Task.IsFaulted ? ValueTask.FromException<AccountBalance>(_gate.Task.Exception!.InnerException!) : inner.GetBalanceAsync(cancellationToken);
}
