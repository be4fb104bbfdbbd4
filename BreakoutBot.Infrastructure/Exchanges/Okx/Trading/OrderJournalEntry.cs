using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;

/// <summary>One record of an <see cref="InMemoryOrderJournal"/>: an intent (with <see cref="Request"/>) or an outcome.</summary>
public sealed record OrderJournalEntry(
    long Sequence,
    string ClientOrderId,
    bool IsIntent,
    OrderRequest? Request,
    Order? Order,
    string? Error,
    DateTimeOffset RecordedAt);
