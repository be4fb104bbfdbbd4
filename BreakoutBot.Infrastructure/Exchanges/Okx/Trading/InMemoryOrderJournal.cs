using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;

/// <summary>An <see cref="IOrderJournal"/> that keeps records in memory (tests, paper runs); nothing survives a restart.</summary>
public sealed class InMemoryOrderJournal : IOrderJournal
{
    private readonly Lock _gate = new();
    private readonly List<OrderJournalEntry> _entries = [];
    private readonly TimeProvider _time;

    public InMemoryOrderJournal(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Called after each record is stored (tests use it to see what the exchange had received at that moment).</summary>
    public Action<OrderJournalEntry>? OnRecorded { get; set; }

    public IReadOnlyList<OrderJournalEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public Task RecordIntentAsync(OrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Add(request.ClientOrderId, true, request, null, null);
        return Task.CompletedTask;
    }

    public Task RecordOutcomeAsync(string clientOrderId, Order? order, string? error, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        Add(clientOrderId, false, null, order, error);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<JournalledOrder>> ReadIntentsAsync(string clientIdPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientIdPrefix);
        var entries = Entries;
        var answered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (!e.IsIntent && e.Order?.OrderId is { Length: > 0 } orderId)
            {
                answered[e.ClientOrderId] = orderId;
            }
        }
        IReadOnlyList<JournalledOrder> intents = entries
            .Where(e => e.IsIntent && e.ClientOrderId.StartsWith(clientIdPrefix, StringComparison.Ordinal))
            .DistinctBy(e => e.ClientOrderId, StringComparer.Ordinal)
            .Select(e => new JournalledOrder(e.ClientOrderId, answered.GetValueOrDefault(e.ClientOrderId), e.Request?.Tag))
            .ToList();
        return Task.FromResult(intents);
    }

    private void Add(string clientOrderId, bool isIntent, OrderRequest? request, Order? order, string? error)
    {
        OrderJournalEntry entry;
        lock (_gate)
        {
            entry = new OrderJournalEntry(_entries.Count + 1L, clientOrderId, isIntent, request, order, error, _time.GetUtcNow());
            _entries.Add(entry);
        }
        OnRecorded?.Invoke(entry);
    }
}
