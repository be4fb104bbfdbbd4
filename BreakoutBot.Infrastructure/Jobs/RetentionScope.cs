using System.Linq.Expressions;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
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
        var (transitions, snapshots, intents) = await ForEachAsync(
            db,
            q => q.CountAsync(cancellationToken),
            q => q.CountAsync(cancellationToken),
            q => q.CountAsync(cancellationToken));
        return new RetentionResult(_cutoff, transitions, snapshots, await KeptAsync(db, transitions + snapshots, cancellationToken))
        {
            OrderIntentsDeleted = intents,
        };
    }

    public async Task<RetentionResult> DeleteAsync(BreakoutBotDbContext db, CancellationToken cancellationToken)
    {
        var kept = (await CountAsync(db, cancellationToken)).RowsKept;
        var (transitions, snapshots, intents) = await ForEachAsync(
            db,
            q => q.ExecuteDeleteAsync(cancellationToken),
            q => q.ExecuteDeleteAsync(cancellationToken),
            q => q.ExecuteDeleteAsync(cancellationToken));
        return new RetentionResult(_cutoff, transitions, snapshots, kept)
        {
            OrderIntentsDeleted = intents,
        };
    }

    // Order intents are kept by the same rule as transitions and snapshots (by their CreatedAt): a restore reads back the
    // intents of the run that stopped (ADR-006), so a protected engine's are kept like its transitions.
    private async Task<(int Transitions, int Snapshots, int Intents)> ForEachAsync(
        BreakoutBotDbContext db,
        Func<IQueryable<StateTransitionEntity>, Task<int>> onTransitions,
        Func<IQueryable<EquitySnapshotEntity>, Task<int>> onSnapshots,
        Func<IQueryable<OrderIntentEntity>, Task<int>> onIntents)
    {
        var transitions = await DeletableAsync(db.StateTransitions, t => t.EngineId, t => t.WrittenAt, onTransitions);
        var snapshots = await DeletableAsync(db.EquitySnapshots, s => s.EngineId, s => s.WrittenAt, onSnapshots);
        var intents = await DeletableAsync(db.OrderIntents, o => o.EngineId, o => o.CreatedAt, onIntents);
        return (transitions, snapshots, intents);
    }

    /// <summary>
    /// The keep rule, once for every table: <paramref name="apply"/> runs on the rows written before the cut-off by
    /// engines that are not protected, then, for each running engine, on its rows from before its current run began
    /// (and before the cut-off). A row without a write time is never deletable.
    /// </summary>
    private async Task<int> DeletableAsync<TRow>(
        IQueryable<TRow> rows,
        Expression<Func<TRow, string>> engineOf,
        Expression<Func<TRow, DateTimeOffset?>> writtenAt,
        Func<IQueryable<TRow>, Task<int>> apply)
    {
        var cutoff = _cutoff;
        var special = _keepAll.Concat(_keepFrom.Keys).ToList();
        var count = await apply(rows
            .Where(Compose(writtenAt, time => time != null && time < cutoff))
            .Where(Compose(engineOf, engine => !special.Contains(engine))));
        foreach (var (engineId, runStart) in _keepFrom)
        {
            var limit = runStart < cutoff ? runStart : cutoff;
            count += await apply(rows
                .Where(Compose(engineOf, engine => engine == engineId))
                .Where(Compose(writtenAt, time => time != null && time < limit)));
        }
        return count;
    }

    /// <summary><c>row => test(select(row))</c> as one expression EF can translate (the captured values stay query parameters).</summary>
    private static Expression<Func<TRow, bool>> Compose<TRow, TValue>(Expression<Func<TRow, TValue>> select, Expression<Func<TValue, bool>> test)
    {
        var body = new ParameterReplacer(test.Parameters[0], select.Body).Visit(test.Body);
        return Expression.Lambda<Func<TRow, bool>>(body, select.Parameters);
    }

    private async Task<int> KeptAsync(BreakoutBotDbContext db, int deletable, CancellationToken cancellationToken)
    {
        var cutoff = _cutoff;
        var old = await db.StateTransitions.CountAsync(t => t.WrittenAt != null && t.WrittenAt < cutoff, cancellationToken)
            + await db.EquitySnapshots.CountAsync(s => s.WrittenAt != null && s.WrittenAt < cutoff, cancellationToken);
        return old - deletable;
    }

    private sealed class ParameterReplacer(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : base.VisitParameter(node);
    }
}
