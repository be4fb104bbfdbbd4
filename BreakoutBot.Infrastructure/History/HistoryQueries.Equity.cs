using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.History;

/// <summary>An engine's stored equity (<see cref="EquityHistory"/>), under the same access rule as the lists.</summary>
public sealed partial class HistoryQueries
{
    /// <summary>The fewest points a chart may ask for: the first, the last and a few spans' lowest and highest.</summary>
    public const int MinEquityPoints = 10;

    public const int MaxEquityPoints = 5000;

    public const int DefaultEquityPoints = 1000;

    /// <summary>
    /// The equity the engine stored in [<paramref name="from"/>, <paramref name="to"/>) (either open), oldest first,
    /// thinned to at most <paramref name="maxPoints"/> points (<see cref="MinEquityPoints"/> to <see cref="MaxEquityPoints"/>).
    /// Null when the caller may not see the engine or no engine has that id (a Trader sees only the engines they own).
    /// </summary>
    public async Task<EquityHistory?> EquityAsync(
        HistoryScope scope, string engineId, DateTimeOffset? from, DateTimeOffset? to, int maxPoints = DefaultEquityPoints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(engineId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, MinEquityPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPoints, MaxEquityPoints);
        var id = engineId.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var visible = await VisibleEngineIdsAsync(db, scope, cancellationToken);
        if (visible is null ? !await KnownEngineAsync(db, id, cancellationToken) : !visible.Contains(id, StringComparer.Ordinal))
        {
            return null;
        }
        var q = db.EquitySnapshots.AsNoTracking().Where(s => s.EngineId == id);
        q = from is null ? q : q.Where(s => s.Time >= from.Value);
        q = to is null ? q : q.Where(s => s.Time < to.Value);
        var samples = await q.CountAsync(cancellationToken);
        if (samples == 0)
        {
            return EquityHistory.Empty(id);
        }
        var thinning = new EquityThinning(samples, maxPoints);
        // The samples counted (rows the engine writes meanwhile come later in time and wait for the next read).
        var ordered = q.OrderBy(s => s.Time).ThenBy(s => s.Id).Take(samples).Select(s => new EquityHistoryPoint(s.Time, s.Equity, s.Cash));
        await foreach (var point in ordered.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            thinning.Add(point);
        }
        return thinning.Result(id);
    }

    // An id some engine has (or had): a stored engine, a live one, or stored equity of one since removed.
    private async Task<bool> KnownEngineAsync(BreakoutBotDbContext db, string id, CancellationToken cancellationToken) =>
        registry?.Get(id) is not null
        || await db.Engines.AsNoTracking().AnyAsync(e => e.Id == id, cancellationToken)
        || await db.EquitySnapshots.AsNoTracking().AnyAsync(s => s.EngineId == id, cancellationToken);
}
