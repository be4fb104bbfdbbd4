namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>One read of the cluster: the live nodes, every stored engine (oldest first) and every lease row.</summary>
public sealed record ClusterView(DateTimeOffset At, IReadOnlyList<string> LiveNodes, IReadOnlyList<string> Engines, IReadOnlyList<EngineLeaseEntity> Leases);
