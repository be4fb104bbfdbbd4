using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Infrastructure.Presets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>
/// Keeps the <c>Engines</c> table in step with the registry (one row per engine: owner, name, preset, market set-up,
/// generation) and reads back, after a restart, what each engine needs to be rebuilt: its last state, open positions,
/// resting orders, paper account and kill switch, all from the rows the write-behind queue stored. On a cluster node
/// (ADR-020) an existing row is only updated by the node whose lease token the lease row carries, like every other
/// stored write.
/// </summary>
public sealed class EngineInstanceStore(IDbContextFactory<BreakoutBotDbContext> contexts, ILogger<EngineInstanceStore> logger, EngineFence? fence = null)
{
    /// <summary>
    /// Inserts or updates the engine's row; false when the update was dropped because another node holds the engine's
    /// lease now (a node that lost it must not overwrite the new owner's generation, state or preset pin). A new row is
    /// always inserted: the node creating an engine claims its lease at the same time.
    /// </summary>
    public async Task<bool> SaveAsync(EngineHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var fenced = fence is { Enabled: true };
        // The lease row stays locked (PostgreSQL) until the update is committed, so no take-over slips in between.
        await using var transaction = fenced ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var (row, added) = await RowForAsync(db, handle, cancellationToken);
        if (!added && fenced && (await fence!.RefusedWritersAsync(db, [handle.Id], cancellationToken)).Count > 0)
        {
            fence.ReportDroppedWrites(handle.Id, 1);
            return false;
        }
        Fill(row, handle);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return true;
    }

    /// <summary>
    /// Stores the row of an engine about to join the registry, in one transaction that first confirms the preset it will
    /// trade (at the version it is pinned to) still exists and keeps it from being deleted until the row is in
    /// (<see cref="PresetRowLocks"/>). A preset deleted meanwhile, on this node or another, refuses the creation with a
    /// <see cref="DomainException"/> naming it, and nothing is stored; a delete that comes second finds the engine.
    /// </summary>
    public async Task StoreNewAsync(EngineHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await PresetRowLocks.KeepForNewEngineAsync(db, handle.PresetName, handle.PresetVersion, cancellationToken))
        {
            throw new DomainException($"Preset '{handle.PresetName}' was deleted; choose another preset.");
        }
        // A row left by an engine of that id whose restore failed (the default engine) is taken over, as SaveAsync does.
        var (row, _) = await RowForAsync(db, handle, cancellationToken);
        Fill(row, handle);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The engine's stored row, or a new one added to <paramref name="db"/> (Added true) when there is none.</summary>
    private static async Task<(EngineInstanceEntity Row, bool Added)> RowForAsync(BreakoutBotDbContext db, EngineHandle handle, CancellationToken cancellationToken)
    {
        if (await db.Engines.FirstOrDefaultAsync(e => e.Id == handle.Id, cancellationToken) is { } row)
        {
            return (row, false);
        }
        row = new EngineInstanceEntity { Id = handle.Id, CreatedAt = handle.CreatedAt };
        db.Engines.Add(row);
        return (row, true);
    }

    private static void Fill(EngineInstanceEntity row, EngineHandle handle)
    {
        row.OwnerUserId = handle.OwnerId;
        row.Name = handle.Name;
        row.PresetName = handle.PresetName;
        row.PresetVersion = handle.PresetVersion;
        row.Mode = handle.Options.Mode;
        row.PaperStartingBalance = handle.Options.StartingBalance;
        row.OptionsJson = PersistenceJson.Serialize(handle.Options);
        row.Generation = handle.Generation;
        row.LastKnownState = handle.Engine.State;
    }

    /// <summary>Deletes the engine's row (its history stays).</summary>
    public async Task DeleteAsync(string engineId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Engines.Where(e => e.Id == engineId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Every stored engine, rebuilt as far as storage allows; an engine whose rows cannot be read is skipped and logged.</summary>
    public async Task<IReadOnlyList<EngineSnapshot>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Engines.AsNoTracking().ToListAsync(cancellationToken);
        var list = new List<EngineSnapshot>(rows.Count);
        foreach (var row in rows.OrderBy(r => r.CreatedAt))
        {
            try
            {
                list.Add(await LoadOneAsync(db, row, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Engine {Id} could not be read back from the database; it is not restored.", row.Id);
            }
        }
        return list;
    }

    /// <summary>One stored engine, rebuilt as far as storage allows (a cluster node taking it over); null when it has no row.</summary>
    public async Task<EngineSnapshot?> LoadAsync(string engineId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Engines.AsNoTracking().FirstOrDefaultAsync(e => e.Id == engineId, cancellationToken);
        return row is null ? null : await LoadOneAsync(db, row, cancellationToken);
    }

    private static async Task<EngineSnapshot> LoadOneAsync(BreakoutBotDbContext db, EngineInstanceEntity row, CancellationToken cancellationToken)
    {
        var id = row.Id;
        var options = PersistenceJson.Deserialize<EngineCreateOptions>(row.OptionsJson) ?? new EngineCreateOptions { StartingBalance = row.PaperStartingBalance };
        var lastTransition = await db.StateTransitions.AsNoTracking().Where(t => t.EngineId == id)
            .OrderByDescending(t => t.Id).FirstOrDefaultAsync(cancellationToken);
        var lastState = lastTransition?.To ?? row.LastKnownState;

        var positions = await db.Positions.AsNoTracking().Where(p => p.EngineId == id).ToListAsync(cancellationToken);
        var open = positions.Where(p => p.Status == PositionStatus.Open && p.Quantity > 0).ToList();
        var restingIds = open.SelectMany(p => new[] { p.StopOrderId, p.Tp1OrderId, p.Tp2OrderId })
            .Where(x => !string.IsNullOrEmpty(x)).Select(x => x!).ToHashSet(StringComparer.Ordinal);
        var orderRows = await db.Orders.AsNoTracking().Where(o => o.EngineId == id).ToListAsync(cancellationToken);
        var resting = orderRows
            .Where(o => restingIds.Contains(o.OrderId) && o.Status is OrderStatus.New or OrderStatus.PartiallyFilled)
            .Select(ToOrder).ToList();
        var lastOrderNumber = orderRows.Select(o => OrderNumber(o.OrderId)).DefaultIfEmpty(0).Max();
        var lastFill = await db.Fills.Where(f => f.EngineId == id).Select(f => (long?)f.Sequence).MaxAsync(cancellationToken) ?? 0;

        var records = open.Select(p => EntityMapper.ToRecord(p, RestingOrNull)).ToList();
        // The account is rebuilt from the positions: every fill belongs to one, so cash = start + realised − fees; a net
        // position's average entry is that of the quantity still open, as the account keeps it.
        var realized = positions.Sum(p => p.GrossRealizedPnl);
        var fees = positions.Sum(p => p.EntryFees + p.ExitFees);
        var netPositions = records.GroupBy(p => p.InstrumentId, StringComparer.Ordinal).Select(g =>
        {
            var signed = g.Sum(p => p.Side == PositionSide.Long ? p.Quantity : -p.Quantity);
            var size = g.Sum(p => p.Quantity);
            var average = size == 0 ? 0 : g.Sum(p => p.AverageOpenPrice() * p.Quantity) / size;
            return new ExchangePosition(g.Key, signed, average, 0m, 0m);
        }).ToList();
        var account = new PaperAccountState(options.StartingBalance + realized - fees, realized, fees, netPositions, resting, lastOrderNumber, lastFill);

        var times = new List<DateTimeOffset>();
        if (lastTransition is not null)
        {
            times.Add(lastTransition.Time);
        }
        if (positions.Count > 0)
        {
            times.Add(positions.Max(p => p.UpdatedAt));
        }
        var lastEquity = await db.EquitySnapshots.Where(q => q.EngineId == id).OrderByDescending(q => q.Id).Select(q => (DateTimeOffset?)q.Time).FirstOrDefaultAsync(cancellationToken);
        if (lastEquity is { } eq)
        {
            times.Add(eq);
        }
        DateTimeOffset? resumeAt = times.Count > 0 ? times.Max() : null;

        // The equity chart's history: the latest stored snapshots (by insertion order, as above), oldest first.
        var equity = await db.EquitySnapshots.AsNoTracking().Where(q => q.EngineId == id).OrderByDescending(q => q.Id)
            .Take(EngineHandle.MaxEquitySamples).Select(q => new { q.Time, q.Equity }).ToListAsync(cancellationToken);
        equity.Reverse();

        var risk = resumeAt is { } at ? await RiskDayAsync(db, id, at, positions, cancellationToken) : null;
        var closedRows = positions.Where(p => p.Status == PositionStatus.Closed).ToList();
        var netOnRiskDay = risk is null ? 0m : closedRows.Where(p => p.ClosedAt is { } c && DateOnly.FromDateTime(c.UtcDateTime) == risk.Day).Sum(p => p.NetRealizedPnl);
        return new EngineSnapshot(id, row.OwnerUserId ?? EngineRegistry.SystemOwner, row.Name, row.PresetName, options, row.CreatedAt,
            row.Generation + 1, lastState, row.Mode, resumeAt, account, records, risk,
            closedRows.Count, closedRows.Sum(p => p.NetRealizedPnl), netOnRiskDay, row.PresetVersion, KillSwitchOf(row),
            equity.Select(q => new EquitySample(q.Time, q.Equity)).ToList());

        // A stop or target that is no longer resting is not linked: the engine re-places what is missing on its next pass.
        string? RestingOrNull(string? orderId) => orderId is not null && resting.Any(o => o.OrderId == orderId) ? orderId : null;
    }

    /// <summary>
    /// The kill switch as the write-behind queue left it on the row: fired (with the engine's reason and time) from its
    /// event until the transition to IDLE of an operator reset. Not read from the transitions: a restore, a fail-over
    /// and a stop each add a later one, and retention deletes old ones.
    /// </summary>
    private static KillSwitchState? KillSwitchOf(EngineInstanceEntity row) =>
        row.KillSwitchFiredAt is { } firedAt ? new KillSwitchState(true, row.KillSwitchReason, firedAt) : null;

    /// <summary>
    /// The risk counters of the day the engine was last in (engine time): opening and highest equity from the stored equity
    /// samples, R and trades from the positions closed that day, and the losing streak from the latest closed positions.
    /// </summary>
    private static async Task<RiskDayState?> RiskDayAsync(BreakoutBotDbContext db, string id, DateTimeOffset at, List<PositionEntity> positions,
        CancellationToken cancellationToken)
    {
        var dayStart = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        var equity = await db.EquitySnapshots.AsNoTracking().Where(q => q.EngineId == id && q.Time >= dayStart)
            .OrderBy(q => q.Time).Select(q => q.Equity).ToListAsync(cancellationToken);
        if (equity.Count == 0)
        {
            return null;
        }
        var closed = positions.Where(p => p.Status == PositionStatus.Closed && p.ClosedAt is not null).OrderByDescending(p => p.ClosedAt).ToList();
        var today = closed.Where(p => p.ClosedAt >= dayStart).ToList();
        var streak = closed.TakeWhile(p => p.NetRealizedPnl < 0).Count();
        return new RiskDayState(DateOnly.FromDateTime(dayStart.UtcDateTime), equity[0], equity.Max(), today.Sum(p => p.PnlR), today.Count, streak);
    }

    private static long OrderNumber(string orderId) =>
        orderId.Length > 1 && orderId[0] == 'P' && long.TryParse(orderId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static Order ToOrder(OrderEntity o) => new(o.OrderId, o.ClientOrderId, o.InstrumentId, o.Side, o.Type, o.Quantity, o.Price,
        o.TriggerPrice, o.ReduceOnly, o.Status, o.FilledQuantity, o.AverageFillPrice, o.Fee, o.CreatedAt, o.UpdatedAt, o.Tag, o.RejectReason);
}
