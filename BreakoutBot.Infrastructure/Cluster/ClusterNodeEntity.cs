namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>A portal node of the cluster: when it started and when it last said it is alive (ADR-020).</summary>
public sealed class ClusterNodeEntity
{
    public string NodeId { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset LastHeartbeatAt { get; set; }
}
