using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// The lease rows in the database (ADR-020). Every change of owner is one conditional statement (an INSERT that fails on
/// the primary key, or an UPDATE whose WHERE names the token last seen), so two nodes can never both win the same lease;
/// a renewal only extends a lease whose owner and token are still the caller's. Times come from the caller's clock.
/// </summary>
public sealed class LeaseStore(IDbContextFactory<BreakoutBotDbContext> contexts)
{
    /// <summary>Records that <paramref name="nodeId"/> is alive (inserting its row the first time).</summary>
    public async Task HeartbeatAsync(string nodeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var updated = await db.ClusterNodes.Where(n => n.NodeId == nodeId)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.LastHeartbeatAt, now), cancellationToken);
        if (updated == 0)
        {
            db.ClusterNodes.Add(new ClusterNodeEntity { NodeId = nodeId, StartedAt = now, LastHeartbeatAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Inserted meanwhile by an earlier run of this node: the next heartbeat updates it.
            }
        }
    }

    /// <summary>Marks the node gone (its leases are released separately).</summary>
    public async Task RemoveNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.ClusterNodes.Where(n => n.NodeId == nodeId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>What a node needs to decide what to take and what to give up: live nodes, every engine and every lease.</summary>
    public async Task<ClusterView> ReadViewAsync(DateTimeOffset now, TimeSpan liveWithin, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = now - liveWithin;
        var nodes = await db.ClusterNodes.AsNoTracking().Where(n => n.LastHeartbeatAt >= since).Select(n => n.NodeId).ToListAsync(cancellationToken);
        var engines = await db.Engines.AsNoTracking().OrderBy(e => e.CreatedAt).Select(e => e.Id).ToListAsync(cancellationToken);
        var leases = await db.EngineLeases.AsNoTracking().ToListAsync(cancellationToken);
        return new ClusterView(now, nodes, engines, leases);
    }

    /// <summary>
    /// Takes the lease of <paramref name="engineId"/> for <paramref name="nodeId"/> if it is free: no row yet (token 1), or
    /// a row that expired before <paramref name="now"/> and still carries <paramref name="seenToken"/> (token + 1). Null
    /// when another node was faster or the lease is held.
    /// </summary>
    public async Task<LeaseGrant?> TryAcquireAsync(string engineId, string nodeId, long? seenToken, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var expires = now + duration;
        if (seenToken is null)
        {
            db.EngineLeases.Add(new EngineLeaseEntity { EngineId = engineId, OwnerNode = nodeId, Token = 1, AcquiredAt = now, RenewedAt = now, ExpiresAt = expires });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new LeaseGrant(engineId, 1, null);
            }
            catch (DbUpdateException)
            {
                return null;
            }
        }
        var previous = await db.EngineLeases.AsNoTracking().Where(l => l.EngineId == engineId).Select(l => l.OwnerNode).FirstOrDefaultAsync(cancellationToken);
        var token = seenToken.Value;
        var won = await db.EngineLeases
            .Where(l => l.EngineId == engineId && l.Token == token && l.ExpiresAt < now)
            .ExecuteUpdateAsync(u => u
                .SetProperty(l => l.OwnerNode, nodeId)
                .SetProperty(l => l.Token, token + 1)
                .SetProperty(l => l.AcquiredAt, now)
                .SetProperty(l => l.RenewedAt, now)
                .SetProperty(l => l.ExpiresAt, expires), cancellationToken);
        return won == 1 ? new LeaseGrant(engineId, token + 1, previous) : null;
    }

    /// <summary>Extends the lease while it is still <paramref name="nodeId"/>'s under <paramref name="token"/>; false when it is not.</summary>
    public async Task<bool> TryRenewAsync(string engineId, string nodeId, long token, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await RenewAsync(db, engineId, nodeId, token, now, duration, cancellationToken);
    }

    /// <summary>Renews several leases over one connection; the engine ids whose renewal was refused (the lease is lost).</summary>
    public async Task<IReadOnlyList<string>> RenewAllAsync(IReadOnlyList<(string EngineId, long Token)> leases, string nodeId, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var lost = new List<string>();
        foreach (var (engineId, token) in leases)
        {
            if (!await RenewAsync(db, engineId, nodeId, token, now, duration, cancellationToken))
            {
                lost.Add(engineId);
            }
        }
        return lost;
    }

    private static async Task<bool> RenewAsync(BreakoutBotDbContext db, string engineId, string nodeId, long token, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        var expires = now + duration;
        var renewed = await db.EngineLeases
            .Where(l => l.EngineId == engineId && l.OwnerNode == nodeId && l.Token == token)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.RenewedAt, now).SetProperty(l => l.ExpiresAt, expires), cancellationToken);
        return renewed == 1;
    }

    /// <summary>True when the lease row still names <paramref name="nodeId"/> and <paramref name="token"/> and has not expired.</summary>
    public async Task<bool> IsCurrentAsync(string engineId, string nodeId, long token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.EngineLeases.AnyAsync(l => l.EngineId == engineId && l.OwnerNode == nodeId && l.Token == token && l.ExpiresAt > now, cancellationToken);
    }

    /// <summary>Gives a lease up at once (it expires now, owner kept for the "moved from" note); false when it was not ours.</summary>
    public async Task<bool> ReleaseAsync(string engineId, string nodeId, long token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var expired = now - TimeSpan.FromMilliseconds(1);
        return await db.EngineLeases
            .Where(l => l.EngineId == engineId && l.OwnerNode == nodeId && l.Token == token)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAt, expired), cancellationToken) == 1;
    }

    /// <summary>True when the engine has a row in the <c>Engines</c> table (it exists in the cluster).</summary>
    public async Task<bool> EngineStoredAsync(string engineId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Engines.AnyAsync(e => e.Id == engineId, cancellationToken);
    }

    /// <summary>Deletes the lease of an engine that was removed for good.</summary>
    public async Task DeleteAsync(string engineId, string nodeId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.EngineLeases.Where(l => l.EngineId == engineId && l.OwnerNode == nodeId).ExecuteDeleteAsync(cancellationToken);
    }
}
