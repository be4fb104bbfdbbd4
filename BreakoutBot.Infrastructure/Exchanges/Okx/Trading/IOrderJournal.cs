using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;

/// <summary>
/// Durable record of order placements. <see cref="RecordIntentAsync"/> is awaited before a placement is sent, so after
/// a crash or an unanswered request the client order id is known and the order can be looked up instead of placed
/// again. <see cref="RecordOutcomeAsync"/> stores what the exchange answered (the order, or the error). After a restart
/// <see cref="ReadIntentsAsync"/> gives the intents back, so orders whose link to their position was not stored are
/// linked again (ADR-006).
/// </summary>
public interface IOrderJournal
{
    Task RecordIntentAsync(OrderRequest request, CancellationToken cancellationToken);

    Task RecordOutcomeAsync(string clientOrderId, Order? order, string? error, CancellationToken cancellationToken);

    /// <summary>
    /// The intents recorded whose client order id starts with <paramref name="clientIdPrefix"/>, oldest first, each with
    /// the exchange's order id when its answer was recorded. Read once when the engine is restored.
    /// </summary>
    Task<IReadOnlyList<JournalledOrder>> ReadIntentsAsync(string clientIdPrefix, CancellationToken cancellationToken);
}
