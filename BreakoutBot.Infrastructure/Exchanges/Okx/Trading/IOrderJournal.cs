using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;

/// <summary>
/// Durable record of order placements. <see cref="RecordIntentAsync"/> is awaited before a placement is sent, so after
/// a crash or an unanswered request the client order id is known and the order can be looked up instead of placed
/// again. <see cref="RecordOutcomeAsync"/> stores what the exchange answered (the order, or the error).
/// </summary>
public interface IOrderJournal
{
    Task RecordIntentAsync(OrderRequest request, CancellationToken cancellationToken);

    Task RecordOutcomeAsync(string clientOrderId, Order? order, string? error, CancellationToken cancellationToken);
}
