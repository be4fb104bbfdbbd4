using System.Security.Claims;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.History;

/// <summary>
/// Read models for the history pages and exports: trades (positions), orders, signals and FSM transitions, filtered,
/// ordered newest first by time (Unix ms in SQL; never by a decimal column) and paged. One DbContext per call.
/// Access is enforced here: a Trader only ever gets rows of engines they own (in the database or in the live registry);
/// Admin and Viewer get every engine (<see cref="HistoryScope"/>).
/// </summary>
public sealed partial class HistoryQueries(IDbContextFactory<BreakoutBotDbContext> contexts, EngineRegistry? registry = null)
{
    private const int ExportBatchSize = 1000;

    /// <summary>The engines the caller may filter by (database and live registry), by name.</summary>
    public async Task<IReadOnlyList<HistoryEngine>> ListEnginesAsync(HistoryScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.AllEngines && scope.UserId is null)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Engines.AsNoTracking();
        if (!scope.AllEngines)
        {
            query = query.Where(e => e.OwnerUserId == scope.UserId);
        }
        var stored = await query.Select(e => new HistoryEngine(e.Id, e.Name, e.OwnerUserId ?? "")).ToListAsync(cancellationToken);
        var live = registry is null
            ? []
            : (scope.AllEngines ? registry.ListAll() : registry.ListFor(scope.UserId!)).Select(h => new HistoryEngine(h.Id, h.Name, h.OwnerId));
        return stored.Concat(live)
            .DistinctBy(e => e.Id, StringComparer.Ordinal)
            .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
    }

    public Task<IReadOnlyList<HistoryEngine>> ListEnginesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ListEnginesAsync(HistoryScope.For(user), cancellationToken);

    public Task<HistoryPage<TradeRow>> TradesAsync(ClaimsPrincipal user, HistoryFilter filter, CancellationToken cancellationToken = default) =>
        TradesAsync(HistoryScope.For(user), filter, cancellationToken);

    public Task<HistoryPage<OrderRow>> OrdersAsync(ClaimsPrincipal user, HistoryFilter filter, CancellationToken cancellationToken = default) =>
        OrdersAsync(HistoryScope.For(user), filter, cancellationToken);

    public Task<HistoryPage<SignalRow>> SignalsAsync(ClaimsPrincipal user, HistoryFilter filter, CancellationToken cancellationToken = default) =>
        SignalsAsync(HistoryScope.For(user), filter, cancellationToken);

    public Task<HistoryPage<TransitionRow>> TransitionsAsync(ClaimsPrincipal user, HistoryFilter filter, CancellationToken cancellationToken = default) =>
        TransitionsAsync(HistoryScope.For(user), filter, cancellationToken);

    public async Task<HistoryPage<TradeRow>> TradesAsync(HistoryScope scope, HistoryFilter filter, CancellationToken cancellationToken = default)
    {
        var f = Check(scope, filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var engines = await VisibleEngineIdsAsync(db, scope, cancellationToken);
        return await PageAsync(Trades(db, engines, f), f, ToTradeRow, cancellationToken);
    }

    public async Task<HistoryPage<OrderRow>> OrdersAsync(HistoryScope scope, HistoryFilter filter, CancellationToken cancellationToken = default)
    {
        var f = Check(scope, filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var engines = await VisibleEngineIdsAsync(db, scope, cancellationToken);
        return await PageAsync(Orders(db, engines, f), f, ToOrderRow, cancellationToken);
    }

    public async Task<HistoryPage<SignalRow>> SignalsAsync(HistoryScope scope, HistoryFilter filter, CancellationToken cancellationToken = default)
    {
        var f = Check(scope, filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var engines = await VisibleEngineIdsAsync(db, scope, cancellationToken);
        return await PageAsync(Signals(db, engines, f), f, ToSignalRow, cancellationToken);
    }

    public async Task<HistoryPage<TransitionRow>> TransitionsAsync(HistoryScope scope, HistoryFilter filter, CancellationToken cancellationToken = default)
    {
        var f = Check(scope, filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var engines = await VisibleEngineIdsAsync(db, scope, cancellationToken);
        return await PageAsync(Transitions(db, engines, f), f, ToTransitionRow, cancellationToken);
    }

    /// <summary>Number of rows an export of <paramref name="kind"/> with these filters would write (paging ignored).</summary>
    public async Task<int> CountAsync(HistoryScope scope, HistoryKind kind, HistoryFilter filter, CancellationToken cancellationToken = default)
    {
        var f = Check(scope, filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var engines = await VisibleEngineIdsAsync(db, scope, cancellationToken);
        return kind switch
        {
            HistoryKind.Trades => await Trades(db, engines, f).CountAsync(cancellationToken),
            HistoryKind.Orders => await Orders(db, engines, f).CountAsync(cancellationToken),
            HistoryKind.Signals => await Signals(db, engines, f).CountAsync(cancellationToken),
            HistoryKind.Transitions => await Transitions(db, engines, f).CountAsync(cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown history kind."),
        };
    }

    /// <summary>
    /// Writes every row matching the filters (paging ignored) as CSV with a header row, newest first, and returns the
    /// number of rows written. <paramref name="progress"/> receives the running row count after each batch.
    /// </summary>
    public async Task<int> ExportCsvAsync(
        HistoryScope scope,
        HistoryKind kind,
        HistoryFilter filter,
        TextWriter output,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var f = Check(scope, filter);
        await output.WriteLineAsync(HistoryCsv.Header(kind).AsMemory(), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var engines = await VisibleEngineIdsAsync(db, scope, cancellationToken);
        return kind switch
        {
            HistoryKind.Trades => await WriteAsync(Trades(db, engines, f), ToTradeRow, HistoryCsv.Line, output, progress, cancellationToken),
            HistoryKind.Orders => await WriteAsync(Orders(db, engines, f), ToOrderRow, HistoryCsv.Line, output, progress, cancellationToken),
            HistoryKind.Signals => await WriteAsync(Signals(db, engines, f), ToSignalRow, HistoryCsv.Line, output, progress, cancellationToken),
            HistoryKind.Transitions => await WriteAsync(Transitions(db, engines, f), ToTransitionRow, HistoryCsv.Line, output, progress, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown history kind."),
        };
    }

    public Task<int> ExportCsvAsync(ClaimsPrincipal user, HistoryKind kind, HistoryFilter filter, TextWriter output, CancellationToken cancellationToken = default) =>
        ExportCsvAsync(HistoryScope.For(user), kind, filter, output, null, cancellationToken);

    private static HistoryFilter Check(HistoryScope scope, HistoryFilter filter)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        return filter.Normalized();
    }

    /// <summary>Null = every engine; otherwise the ids the scope's user owns (database rows and live engines).</summary>
    private async Task<List<string>?> VisibleEngineIdsAsync(BreakoutBotDbContext db, HistoryScope scope, CancellationToken cancellationToken)
    {
        if (scope.AllEngines)
        {
            return null;
        }
        if (scope.UserId is null)
        {
            return [];
        }
        var ids = await db.Engines.AsNoTracking().Where(e => e.OwnerUserId == scope.UserId).Select(e => e.Id).ToListAsync(cancellationToken);
        if (registry is not null)
        {
            ids.AddRange(registry.ListFor(scope.UserId).Select(h => h.Id));
        }
        return ids.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IQueryable<PositionEntity> Trades(BreakoutBotDbContext db, List<string>? engines, HistoryFilter f)
    {
        var q = db.Positions.AsNoTracking();
        q = engines is null ? q : q.Where(p => engines.Contains(p.EngineId));
        q = f.EngineId is null ? q : q.Where(p => p.EngineId == f.EngineId);
        q = f.Symbol is null ? q : q.Where(p => p.InstrumentId == f.Symbol);
        q = f.From is null ? q : q.Where(p => p.CreatedAt >= f.From.Value);
        q = f.To is null ? q : q.Where(p => p.CreatedAt < f.To.Value);
        if (f.State is not null)
        {
            var status = ParseEnum<PositionStatus>(f.State, "a trade status");
            q = q.Where(p => p.Status == status);
        }
        return q.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id);
    }

    private static IQueryable<OrderEntity> Orders(BreakoutBotDbContext db, List<string>? engines, HistoryFilter f)
    {
        var q = db.Orders.AsNoTracking();
        q = engines is null ? q : q.Where(o => engines.Contains(o.EngineId));
        q = f.EngineId is null ? q : q.Where(o => o.EngineId == f.EngineId);
        q = f.Symbol is null ? q : q.Where(o => o.InstrumentId == f.Symbol);
        q = f.From is null ? q : q.Where(o => o.CreatedAt >= f.From.Value);
        q = f.To is null ? q : q.Where(o => o.CreatedAt < f.To.Value);
        if (f.State is not null)
        {
            var status = ParseEnum<OrderStatus>(f.State, "an order status");
            q = q.Where(o => o.Status == status);
        }
        return q.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id);
    }

    private static IQueryable<SignalEntity> Signals(BreakoutBotDbContext db, List<string>? engines, HistoryFilter f)
    {
        var q = db.Signals.AsNoTracking();
        q = engines is null ? q : q.Where(s => engines.Contains(s.EngineId));
        q = f.EngineId is null ? q : q.Where(s => s.EngineId == f.EngineId);
        q = f.Symbol is null ? q : q.Where(s => s.InstrumentId == f.Symbol);
        q = f.From is null ? q : q.Where(s => s.CreatedAt >= f.From.Value);
        q = f.To is null ? q : q.Where(s => s.CreatedAt < f.To.Value);
        if (f.State is not null)
        {
            var status = ParseEnum<SignalStatus>(f.State, "a signal status");
            q = q.Where(s => s.Status == status);
        }
        return q.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id);
    }

    private static IQueryable<StateTransitionEntity> Transitions(BreakoutBotDbContext db, List<string>? engines, HistoryFilter f)
    {
        var q = db.StateTransitions.AsNoTracking();
        q = engines is null ? q : q.Where(t => engines.Contains(t.EngineId));
        q = f.EngineId is null ? q : q.Where(t => t.EngineId == f.EngineId);
        q = f.From is null ? q : q.Where(t => t.Time >= f.From.Value);
        q = f.To is null ? q : q.Where(t => t.Time < f.To.Value);
        if (f.State is not null)
        {
            var state = TradingStates.TryParseWireName(f.State, out var wire) ? wire.Value : ParseEnum<TradingState>(f.State, "an engine state", TradingStates.All.Select(t => t.ToWireName()));
            q = q.Where(t => t.To == state);
        }
        return q.OrderByDescending(t => t.Time).ThenByDescending(t => t.Id);
    }

    // The message is shown to API callers as it is (errors.state), so it names no .NET parameter; the names listed are
    // the ones the API writes (engine states as level_building, …).
    private static TEnum ParseEnum<TEnum>(string value, string what, IEnumerable<string>? names = null)
        where TEnum : struct, Enum
    {
        if (Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }
        throw new ArgumentException($"State '{value}' is not {what}; use one of: {string.Join(", ", names ?? Enum.GetNames<TEnum>())}.");
    }

    private static async Task<HistoryPage<TRow>> PageAsync<TEntity, TRow>(
        IQueryable<TEntity> query, HistoryFilter f, Func<TEntity, TRow> map, CancellationToken cancellationToken)
    {
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.Skip((f.Page - 1) * f.PageSize).Take(f.PageSize).ToListAsync(cancellationToken);
        return new HistoryPage<TRow>(rows.Select(map).ToList(), f.Page, f.PageSize, total);
    }

    private static async Task<int> WriteAsync<TEntity, TRow>(
        IQueryable<TEntity> query,
        Func<TEntity, TRow> map,
        Func<TRow, string> line,
        TextWriter output,
        IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        var written = 0;
        while (true)
        {
            var batch = await query.Skip(written).Take(ExportBatchSize).ToListAsync(cancellationToken);
            foreach (var entity in batch)
            {
                await output.WriteLineAsync(line(map(entity)).AsMemory(), cancellationToken);
            }
            written += batch.Count;
            progress?.Report(written);
            if (batch.Count < ExportBatchSize)
            {
                return written;
            }
        }
    }

    private static TradeRow ToTradeRow(PositionEntity p) => new(
        p.EngineId, p.PositionId, p.InstrumentId, p.Side, p.Strategy, p.Status, p.EntryPrice, p.EntryQuantity, p.StopLoss,
        p.TakeProfit1, p.TakeProfit2, p.EntryFees + p.ExitFees, p.NetPnl, p.PnlR, p.CloseReason, p.CreatedAt, p.OpenedAt, p.ClosedAt);

    private static OrderRow ToOrderRow(OrderEntity o) => new(
        o.EngineId, o.OrderId, o.InstrumentId, o.Side, o.Type, o.Status, o.Quantity, o.Price, o.TriggerPrice, o.FilledQuantity,
        o.AverageFillPrice, o.Fee, o.ReduceOnly, o.Tag, o.RejectReason, o.CreatedAt, o.UpdatedAt);

    private static SignalRow ToSignalRow(SignalEntity s) => new(
        s.EngineId, s.SignalId, s.InstrumentId, s.Side, s.Strategy, s.Status, s.Entry, s.StopLoss, s.TakeProfit1, s.TakeProfit2,
        s.Confidence, s.Reason, s.CreatedAt);

    private static TransitionRow ToTransitionRow(StateTransitionEntity t) => new(
        t.EngineId, t.From, t.To, t.Reason, t.Forced, t.MetadataJson, t.Time);
}
