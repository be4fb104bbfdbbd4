using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// An engine's exchange behind its lease (ADR-020): placing, amending, resizing and cancelling orders is refused (as a
/// rejected order, nothing sent) unless <see cref="EngineFence.RefuseOrderAsync"/> finds this node's lease current.
/// Reads pass through.
/// </summary>
public sealed class FencedExchangeClient(string engineId, IExchangeClient inner, EngineFence fence) : DelegatingExchangeClient(inner)
{
    public override async ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
        await fence.RefuseOrderAsync(engineId, cancellationToken) is { } why
            ? OrderResult.Fail(ExchangeErrorCode.Rejected, why)
            : await Inner.PlaceOrderAsync(request, cancellationToken);

    public override async ValueTask<OrderResult> CancelOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default) =>
        await fence.RefuseOrderAsync(engineId, cancellationToken) is { } why
            ? OrderResult.Fail(ExchangeErrorCode.Rejected, why)
            : await Inner.CancelOrderAsync(instrumentId, orderId, cancellationToken);

    public override async ValueTask<OrderResult> AmendOrderAsync(string instrumentId, string orderId, decimal? newPrice, decimal? newTriggerPrice, CancellationToken cancellationToken = default) =>
        await fence.RefuseOrderAsync(engineId, cancellationToken) is { } why
            ? OrderResult.Fail(ExchangeErrorCode.Rejected, why)
            : await Inner.AmendOrderAsync(instrumentId, orderId, newPrice, newTriggerPrice, cancellationToken);

    public override async ValueTask<OrderResult> ResizeOrderAsync(string instrumentId, string orderId, decimal newQuantity, CancellationToken cancellationToken = default) =>
        await fence.RefuseOrderAsync(engineId, cancellationToken) is { } why
            ? OrderResult.Fail(ExchangeErrorCode.Rejected, why)
            : await Inner.ResizeOrderAsync(instrumentId, orderId, newQuantity, cancellationToken);
}
