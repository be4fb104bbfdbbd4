namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// Which engines a node takes and which it gives up, from one <see cref="ClusterView"/> (ADR-020). A node holds at most
/// its share, ⌈engines ÷ live nodes⌉; it takes free engines (no lease, or an expired one) up to that share, oldest
/// first; a node above its share gives one engine back per pass, and only while another live node is below its share,
/// so a joining node gets its share over time and engines do not bounce between nodes.
/// </summary>
public static class LeaseRules
{
    /// <summary>The most engines one node should run.</summary>
    public static int Share(int engines, int liveNodes) => engines == 0 ? 0 : (engines + Math.Max(1, liveNodes) - 1) / Math.Max(1, liveNodes);

    /// <summary>Free engines this node should try to take now, with the token last seen on each (null: no lease row yet).</summary>
    public static IReadOnlyList<(string EngineId, long? SeenToken)> ToAcquire(ClusterView view, string nodeId, int held, ISet<string>? skip = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var share = Share(view.Engines.Count, LiveCount(view, nodeId));
        var room = share - held;
        if (room <= 0)
        {
            return [];
        }
        var leases = view.Leases.ToDictionary(l => l.EngineId, StringComparer.Ordinal);
        var result = new List<(string, long?)>();
        foreach (var engineId in view.Engines)
        {
            if (result.Count >= room)
            {
                break;
            }
            if (skip?.Contains(engineId) == true)
            {
                continue;
            }
            if (!leases.TryGetValue(engineId, out var lease))
            {
                result.Add((engineId, null));
            }
            else if (lease.ExpiresAt < view.At)
            {
                result.Add((engineId, lease.Token));
            }
        }
        return result;
    }

    /// <summary>The engine this node should give back now (at most one per pass), or null.</summary>
    public static string? ToRelease(ClusterView view, string nodeId, IReadOnlyCollection<string> held)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(held);
        var live = LiveNodes(view, nodeId);
        var share = Share(view.Engines.Count, live.Count);
        if (held.Count <= share)
        {
            return null;
        }
        var owned = view.Leases.Where(l => l.ExpiresAt >= view.At).GroupBy(l => l.OwnerNode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var someoneShort = live.Any(n => n != nodeId && owned.GetValueOrDefault(n) < share);
        if (!someoneShort)
        {
            return null;
        }
        // The newest engine goes: the oldest ones stay where they have been running longest.
        return view.Engines.LastOrDefault(held.Contains);
    }

    private static int LiveCount(ClusterView view, string nodeId) => LiveNodes(view, nodeId).Count;

    private static List<string> LiveNodes(ClusterView view, string nodeId)
    {
        var live = view.LiveNodes.ToList();
        if (!live.Contains(nodeId, StringComparer.Ordinal))
        {
            live.Add(nodeId);
        }
        return live;
    }
}
