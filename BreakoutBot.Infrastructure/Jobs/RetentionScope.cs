using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>
/// Which transitions, equity snapshots and order intents (the order journal) retention may delete: written (wall clock)
/// before the cut-off, and not protected. Protected engines: any with an open or opening position (all their rows are kept), and any running
/// engine (last known state not Idle/Stopped), whose rows from its current run are kept: the run starts at its latest
/// transition out of Idle/Stopped; when that start is unknown every row of the engine is kept.
/// </summary>
internal sealed class RetentionScope
{
    private readonly DateTimeOffset _cutoff;
    private readonly HashSet<string> _keepAll;
    private readonly Dictionary<string, DateTimeOffset> _keepFrom;

    private RetentionScope(DateTimeOffset cutoff, HashSet<string> keepAll, Dictionary<string, DateTimeOffset> keepFrom)
    {
        _cutoff = cutoff;
        _keepAll = keepAll;
        _keepFrom = keepFrom;
    }

    public static async Task<RetentionScope> LoadAsync(BreakoutBotDbContext db, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var keepAll = (await db.Positions.AsNoTracking()
            .Where(p => p.Status == PositionStatus.Open || p.Status == PositionStatus.Opening)
            .Select(p => p.EngineId).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var running = await db.Engines.AsNoTracking()
            .Where(e => e.LastKnownState != TradingState.Idle && e.LastKnownState != TradingState.Stopped)
            .Select(e => e.Id).ToListAsync(cancellationToken);
        var keepFrom = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var engineId in running.Where(id => !keepAll.Contains(id)))
        {
            var start = await db.StateTransitions.AsNoTracking()
                .Where(t => t.EngineId == engineId && (t.From == TradingState.Idle || t.From == TradingState.Stopped) && t.WrittenAt != null)
                .OrderByDescending(t => t.WrittenAt).Select(t => t.WrittenAt).FirstOrDefaultAsync(cancellationToken);
            if (start is { } written)
            {
                keepFrom[engineId] = written;
            }
            else
            {
                keepAll.Add(engineId);
            }
        }
        return new RetentionScope(cutoff, keepAll, keepFrom);
    }

    public async Task<RetentionResult> CountAsync(BreakoutBotDbContext db, CancellationToken cancellationToken)
    {
        var (transitions, snapshots) = await ForEachAsync(
            db,
            q => q.CountAsync(cancellationToken),
            q => q.CountAsync(cancellationToken));
        return new RetentionResult(_cutoff, transitions, snapshots, await KeptAsync(db, transitions + snapshots, cancellationToken))
        {
            OrderIntentsDeleted = await IntentsAsync(db, q => q.CountAsync(cancellationToken)),
        };
    }

    public async Task<RetentionResult> DeleteAsync(BreakoutBotDbContext db, CancellationToken cancellationToken)
    {
        var kept = (await CountAsync(db, cancellationToken)).RowsKept;
        var (transitions, snapshots) = await ForEachAsync(
            db,
            q => q.ExecuteDeleteAsync(cancellationToken),
            q => q.ExecuteDeleteAsync(cancellationToken));
        return new RetentionResult(_cutoff, transitions, snapshots, kept)
        {
            OrderIntentsDeleted = await IntentsAsync(db, q => q.ExecuteDeleteAsync(cancellationToken)),
        };
    }

    // Order intents by the same rule: a restore reads back the intents of the run that stopped (ADR-006), so a protected
    // engine's are kept like its transitions; the rest go once older than the cut-off.
    private async Task<int> IntentsAsync(BreakoutBotDbContext db, Func<IQueryable<Persistence.Entities.OrderIntentEntity>, Task<int>> onIntents)
    {
        var cutoff = _cutoff;
        var special = _keepAll.Concat(_keepFrom.Keys).ToList();
        var intents = await onIntents(db.OrderIntents.Where(o => o.CreatedAt < cutoff && !special.Contains(o.EngineId)));
        foreach (var (engineId, runStart) in _keepFrom)
        {
            var limit = runStart < cutoff ? runStart : cutoff;
            intents += await onIntents(db.OrderIntents.Where(o => o.EngineId == engineId && o.CreatedAt < limit));
        }
        return intents;
    }

    private async Task<(int Transitions, int Snapshots)> ForEachAsync(
        BreakoutBotDbContext db,
        Func<IQueryable<Persistence.Entities.StateTransitionEntity>, Task<int>> onTransitions,
        Func<IQueryable<Persistence.Entities.EquitySnapshotEntity>, Task<int>> onSnapshots)
    {
        var cutoff = _cutoff;
        var special = _keepAll.Concat(_keepFrom.Keys).ToList();
        var transitions = await onTransitions(db.StateTransitions.Where(t => t.WrittenAt != null && t.WrittenAt < cutoff && !special.Contains(t.EngineId)));
        var snapshots = await onSnapshots(db.EquitySnapshots.Where(s => s.WrittenAt != null && s.WrittenAt < cutoff && !special.Contains(s.EngineId)));
        // A running engine's rows are deletable only from before its current run began.
        foreach (var (engineId, runStart) in _keepFrom)
        {
            var limit = runStart < cutoff ? runStart : cutoff;
            transitions += await onTransitions(db.StateTransitions.Where(t => t.EngineId == engineId && t.WrittenAt != null && t.WrittenAt < limit));
            snapshots += await onSnapshots(db.EquitySnapshots.Where(s => s.EngineId == engineId && s.WrittenAt != null && s.WrittenAt < limit));
        }
        return (transitions, snapshots);
    }

    private async Task<int> KeptAsync(BreakoutBotDbContext db, int deletable, CancellationToken cancellationToken)
    {
        var cutoff = _cutoff;
        var old = await db.StateTransitions.CountAsync(t => t.WrittenAt != null && t.WrittenAt < cutoff, cancellationToken)
            + await db.EquitySnapshots.CountAsync(s => s.WrittenAt != null && s.WrittenAt < cutoff, cancellationToken);
        return old - deletable;
    }
}
