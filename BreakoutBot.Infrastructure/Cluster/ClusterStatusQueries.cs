using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>An engine's lease as the operator sees it: who holds it, under which token, and how old the last renewal is.</summary>
public sealed record EngineLeaseStatus(string EngineId, string EngineName, string OwnerNode, long Token, DateTimeOffset AcquiredAt, TimeSpan RenewedAgo, TimeSpan ExpiresIn);

/// <summary>A node of the cluster with the engines it holds leases on.</summary>
public sealed record ClusterNodeStatus(string NodeId, bool IsThisNode, bool Live, DateTimeOffset StartedAt, TimeSpan HeartbeatAgo, IReadOnlyList<EngineLeaseStatus> Engines);

/// <summary>The cluster for <c>/admin/health</c>: nodes, their engines, lease ages, and stored engines no node holds.</summary>
public sealed record ClusterStatus(bool Enabled, string ThisNode, DateTimeOffset At, IReadOnlyList<ClusterNodeStatus> Nodes, IReadOnlyList<EngineLeaseStatus> Unowned);

/// <summary>A stored engine that this node does not run: its owner (for the access check), name, and the node holding its lease (null: none now).</summary>
public sealed record RemoteEngine(string EngineId, string OwnerId, string Name, string? Node);

/// <summary>Reads the cluster's node and lease rows (ADR-020) for the admin health page; Admin-only through the page.</summary>
public sealed class ClusterStatusQueries(IDbContextFactory<BreakoutBotDbContext> contexts, IOptions<ClusterOptions> options, TimeProvider time)
{
    /// <summary>In cluster mode, where a stored engine runs; null on a single node or when no such engine is stored.</summary>
    public async Task<RemoteEngine?> FindAsync(string engineId, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var engine = await db.Engines.AsNoTracking().Where(e => e.Id == engineId).Select(e => new { e.Id, e.OwnerUserId, e.Name }).FirstOrDefaultAsync(cancellationToken);
        if (engine is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var node = await db.EngineLeases.AsNoTracking().Where(l => l.EngineId == engineId && l.ExpiresAt > now).Select(l => l.OwnerNode).FirstOrDefaultAsync(cancellationToken);
        return new RemoteEngine(engine.Id, engine.OwnerUserId ?? "", engine.Name, node);
    }

    public async Task<ClusterStatus> ReadAsync(CancellationToken cancellationToken = default)
    {
        var cluster = options.Value;
        var now = time.GetUtcNow();
        if (!cluster.Enabled)
        {
            return new ClusterStatus(false, cluster.EffectiveNodeId, now, [], []);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var nodes = await db.ClusterNodes.AsNoTracking().ToListAsync(cancellationToken);
        var leases = await db.EngineLeases.AsNoTracking().ToListAsync(cancellationToken);
        var engines = await db.Engines.AsNoTracking().Select(e => new { e.Id, e.Name }).ToListAsync(cancellationToken);
        var names = engines.ToDictionary(e => e.Id, e => e.Name, StringComparer.Ordinal);
        // A node is live while its heartbeat is younger than one lease: after that its leases are free to take.
        var liveSince = now - cluster.LeaseDuration;
        var held = leases.Where(l => l.ExpiresAt > now).ToList();
        EngineLeaseStatus Status(EngineLeaseEntity lease) =>
            new(lease.EngineId, names.GetValueOrDefault(lease.EngineId, lease.EngineId), lease.OwnerNode, lease.Token, lease.AcquiredAt, now - lease.RenewedAt, lease.ExpiresAt - now);
        var nodeStatuses = nodes.OrderBy(n => n.NodeId, StringComparer.Ordinal).Select(n => new ClusterNodeStatus(
            n.NodeId,
            string.Equals(n.NodeId, cluster.EffectiveNodeId, StringComparison.Ordinal),
            n.LastHeartbeatAt >= liveSince,
            n.StartedAt,
            now - n.LastHeartbeatAt,
            held.Where(l => l.OwnerNode == n.NodeId).OrderBy(l => l.EngineId, StringComparer.Ordinal).Select(l => Status(l)).ToList())).ToList();
        var heldIds = held.Select(l => l.EngineId).ToHashSet(StringComparer.Ordinal);
        var unowned = engines.Where(e => !heldIds.Contains(e.Id)).Select(e =>
        {
            var lease = leases.FirstOrDefault(l => l.EngineId == e.Id);
            return lease is null
                ? new EngineLeaseStatus(e.Id, e.Name, "", 0, default, TimeSpan.Zero, TimeSpan.Zero)
                : Status(lease);
        }).ToList();
        return new ClusterStatus(true, cluster.EffectiveNodeId, now, nodeStatuses, unowned);
    }
}
