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
        if (!await MaySeeAsync(db, scope, id, cancellationToken))
        {
            return null;
        }
        var q = Samples(db, id, from, to);
        var samples = await q.CountAsync(cancellationToken);
        if (samples == 0)
        {
            return EquityHistory.Empty(id);
        }
        var thinning = new EquityThinning(samples, maxPoints);
        // The samples counted (rows the engine writes meanwhile come later in time and wait for the next read).
        var ordered = q.Take(samples);
        await foreach (var point in ordered.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            thinning.Add(point);
        }
        return thinning.Result(id);
    }

    /// <summary>
    /// Writes every equity sample the engine stored in the range as CSV (<see cref="HistoryCsv.EquityHeader"/>), oldest
    /// first, and returns how many; null (nothing written) when the caller may not see the engine or it does not exist.
    /// </summary>
    public async Task<int?> ExportEquityCsvAsync(
        HistoryScope scope, string engineId, DateTimeOffset? from, DateTimeOffset? to, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(engineId);
        ArgumentNullException.ThrowIfNull(output);
        var id = engineId.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await MaySeeAsync(db, scope, id, cancellationToken))
        {
            return null;
        }
        await output.WriteLineAsync(HistoryCsv.EquityHeader.AsMemory(), cancellationToken);
        var written = 0;
        await foreach (var point in Samples(db, id, from, to).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await output.WriteLineAsync(HistoryCsv.Line(id, point).AsMemory(), cancellationToken);
            written++;
        }
        return written;
    }

    private async Task<bool> MaySeeAsync(BreakoutBotDbContext db, HistoryScope scope, string id, CancellationToken cancellationToken)
    {
        var visible = await VisibleEngineIdsAsync(db, scope, cancellationToken);
        return visible is null ? await KnownEngineAsync(db, id, cancellationToken) : visible.Contains(id, StringComparer.Ordinal);
    }

    private static IQueryable<EquityHistoryPoint> Samples(BreakoutBotDbContext db, string id, DateTimeOffset? from, DateTimeOffset? to)
    {
        var q = db.EquitySnapshots.AsNoTracking().Where(s => s.EngineId == id);
        q = from is null ? q : q.Where(s => s.Time >= from.Value);
        q = to is null ? q : q.Where(s => s.Time < to.Value);
        return q.OrderBy(s => s.Time).ThenBy(s => s.Id).Select(s => new EquityHistoryPoint(s.Time, s.Equity, s.Cash));
    }

    // An id some engine has (or had): a stored engine, a live one, or stored equity of one since removed.
    private async Task<bool> KnownEngineAsync(BreakoutBotDbContext db, string id, CancellationToken cancellationToken) =>
        registry?.Get(id) is not null
        || await db.Engines.AsNoTracking().AnyAsync(e => e.Id == id, cancellationToken)
        || await db.EquitySnapshots.AsNoTracking().AnyAsync(s => s.EngineId == id, cancellationToken);
}
