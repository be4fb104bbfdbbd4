using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>
/// Sends orders to the exchange port. Every order gets a unique client id before it is sent; a transient failure is
/// followed by a lookup by that client id before any retry, so an order is never placed twice.
/// </summary>
public interface IExecutionManager
{
    /// <summary>
    /// The entry order for an approved size: exactly <see cref="ApprovedEntry.Quantity"/>, an immediate-or-cancel limit
    /// at the <see cref="Execution.EntryPriceGuard"/> price, carrying its protective stop (its own client id). Send it
    /// with <see cref="PlaceAsync"/>.
    /// </summary>
    OrderRequest PlanEntry(ApprovedEntry entry, string positionId, ExecutionConfig config, Instrument? instrument);

    /// <summary>Places any order (exits, protective stops, take-profits) with the same idempotent retry rules.</summary>
    ValueTask<OrderResult> PlaceAsync(OrderRequest request, CancellationToken cancellationToken = default);

    ValueTask<OrderResult> CancelAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default);

    /// <summary>Changes the total quantity of an open stop or take-profit (it follows the position it covers).</summary>
    ValueTask<OrderResult> ResizeAsync(string instrumentId, string orderId, decimal newQuantity, CancellationToken cancellationToken = default);

    ValueTask<OrderResult> AmendTriggerAsync(string instrumentId, string orderId, decimal newTrigger, CancellationToken cancellationToken = default);

    /// <summary>A new client order id: letters and digits, at most 32 characters, unique for this engine.</summary>
    string NextClientOrderId(string purpose);

    /// <summary>The most recent orders this manager sent (newest last).</summary>
    IReadOnlyList<Order> RecentOrders { get; }
}
