using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>
/// The order journal of one engine in the database: the intent row is committed before the order is sent (not through
/// the write-behind queue — this write must be durable first), the answer completes it.
/// </summary>
public sealed class EfOrderJournal(string engineId, IDbContextFactory<BreakoutBotDbContext> contexts, TimeProvider time) : IOrderJournal
{
    public async Task RecordIntentAsync(OrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.OrderIntents.FirstOrDefaultAsync(o => o.EngineId == engineId && o.ClientOrderId == request.ClientOrderId, cancellationToken);
        if (existing is not null)
        {
            // A retry of the same placement: the intent is already on record.
            return;
        }
        db.OrderIntents.Add(new OrderIntentEntity
        {
            EngineId = engineId,
            ClientOrderId = request.ClientOrderId,
            InstrumentId = request.InstrumentId,
            Side = request.Side,
            Type = request.Type,
            Quantity = request.Quantity,
            Price = request.Price,
            TriggerPrice = request.TriggerPrice,
            ReduceOnly = request.ReduceOnly,
            Tag = request.Tag,
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RecordOutcomeAsync(string clientOrderId, Order? order, string? error, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.OrderIntents.FirstOrDefaultAsync(o => o.EngineId == engineId && o.ClientOrderId == clientOrderId, cancellationToken);
        if (row is null)
        {
            return;
        }
        row.OrderId = order?.OrderId ?? row.OrderId;
        row.Error = error is null ? null : error.Length <= 1000 ? error : error[..1000];
        row.AnsweredAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<JournalledOrder>> ReadIntentsAsync(string clientIdPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientIdPrefix);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.OrderIntents.AsNoTracking()
            .Where(o => o.EngineId == engineId && o.ClientOrderId.StartsWith(clientIdPrefix))
            .OrderBy(o => o.Id)
            .Select(o => new { o.ClientOrderId, o.OrderId, o.Tag })
            .ToListAsync(cancellationToken);
        // LIKE in SQLite ignores case: the prefix is checked again exactly.
        return rows.Where(o => o.ClientOrderId.StartsWith(clientIdPrefix, StringComparison.Ordinal))
            .Select(o => new JournalledOrder(o.ClientOrderId, o.OrderId, o.Tag)).ToList();
    }
}
