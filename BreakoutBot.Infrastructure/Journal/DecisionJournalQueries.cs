using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Journal;

/// <summary>
/// Reads an engine's decision journal for a user who may see the engine (Admin and Viewer: any; Trader: own), else
/// answers null: the page shows "not found" either way. An engine this node does not run (another cluster node's,
/// ADR-021) is judged by its stored owner, so its journal reads the same from every node.
/// </summary>
public sealed class DecisionJournalQueries(IDbContextFactory<BreakoutBotDbContext> contexts, EngineCommandService engines)
{
    public async Task<DecisionJournalPage?> ListAsync(ClaimsPrincipal user, string engineId, DecisionJournalFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await MayReadAsync(db, user, engineId, cancellationToken))
        {
            return null;
        }
        var size = Math.Clamp(filter.PageSize, 1, DecisionJournalFilter.MaxPageSize);
        var page = Math.Max(0, filter.Page);
        var q = db.DecisionJournal.AsNoTracking().Where(d => d.EngineId == engineId);
        if (!string.IsNullOrWhiteSpace(filter.InstrumentId))
        {
            var instrument = filter.InstrumentId.Trim();
            q = q.Where(d => d.InstrumentId == instrument);
        }
        if (filter.From is { } from)
        {
            q = q.Where(d => d.Time >= from);
        }
        if (filter.To is { } to)
        {
            q = q.Where(d => d.Time <= to);
        }
        if (filter.Outcome is { } outcome)
        {
            q = q.Where(d => d.Outcome == outcome);
        }
        var total = await q.CountAsync(cancellationToken);
        var rows = await q.OrderByDescending(d => d.Time).ThenByDescending(d => d.Id).Skip(page * size).Take(size).ToListAsync(cancellationToken);
        return new DecisionJournalPage(rows.Select(ToEntry).ToList(), total, page, size);
    }

    /// <summary>The instruments the engine's journal has rows for, for the filter's list.</summary>
    public async Task<IReadOnlyList<string>> InstrumentsAsync(ClaimsPrincipal user, string engineId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await MayReadAsync(db, user, engineId, cancellationToken))
        {
            return [];
        }
        return await db.DecisionJournal.AsNoTracking().Where(d => d.EngineId == engineId)
            .Select(d => d.InstrumentId).Distinct().OrderBy(i => i).ToListAsync(cancellationToken);
    }

    /// <summary>Why (not) <paramref name="instrumentId"/> at <paramref name="at"/>: the decision in force then.</summary>
    public async Task<DecisionJournalAnswer?> ExplainAsync(ClaimsPrincipal user, string engineId, string instrumentId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await MayReadAsync(db, user, engineId, cancellationToken))
        {
            return null;
        }
        var instrument = instrumentId.Trim();
        var rows = db.DecisionJournal.AsNoTracking().Where(d => d.EngineId == engineId && d.InstrumentId == instrument);
        var row = await rows.Where(d => d.Time <= at).OrderByDescending(d => d.Time).ThenByDescending(d => d.Id).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            var any = await rows.AnyAsync(cancellationToken);
            var message = any
                ? string.Create(CultureInfo.InvariantCulture, $"The engine had not scanned {instrument} yet at {at:yyyy-MM-dd HH:mm:ss} UTC.")
                : $"The journal has no decision about {instrument}: the engine never scanned it, or its rows were deleted by retention.";
            return new DecisionJournalAnswer(instrument, at, null, null, message);
        }
        var next = await rows.Where(d => d.Time > row.Time).OrderBy(d => d.Time).Select(d => (DateTimeOffset?)d.Time).FirstOrDefaultAsync(cancellationToken);
        return new DecisionJournalAnswer(instrument, at, ToEntry(row), next, row.Reason);
    }

    private async Task<bool> MayReadAsync(BreakoutBotDbContext db, ClaimsPrincipal user, string engineId, CancellationToken cancellationToken)
    {
        if (engines.Find(user, engineId) is not null)
        {
            return true;
        }
        // Not run here (or not visible to this user): the stored engine's owner decides, as for a remote dashboard.
        var stored = await db.Engines.AsNoTracking().Where(e => e.Id == engineId).Select(e => new { e.OwnerUserId }).FirstOrDefaultAsync(cancellationToken);
        return stored is not null && EngineCommandService.AccessFor(user, stored.OwnerUserId ?? "") != EngineAccess.None;
    }

    private static DecisionJournalEntry ToEntry(DecisionJournalEntity row) => new(
        row.Id, row.Time, row.Bar, row.InstrumentId, row.Rank, row.Score, row.Outcome, row.Reason,
        DecisionJournalCodec.Decode(row.DetailJson));
}
