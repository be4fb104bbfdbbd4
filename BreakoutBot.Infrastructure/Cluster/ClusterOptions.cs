using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// <c>Cluster:*</c>: several portal nodes sharing one PostgreSQL database (and a Redis backplane for push). Off by
/// default: a single node on SQLite needs none of it.
/// </summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>Run as one node of several (requires <c>Database:Provider=Postgres</c>).</summary>
    public bool Enabled { get; set; }

    /// <summary>This node's name, unique in the cluster; empty: the machine name and process id.</summary>
    [MaxLength(100)]
    public string NodeId { get; set; } = "";

    /// <summary>How long an engine lease lasts without renewal before another node may take the engine over.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the owner renews its leases (well under <see cref="LeaseDuration"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:05:00")]
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the owner publishes its engines' changed status for the other nodes, and how often each node reads the
    /// engines it does not run (ADR-021): a dashboard on another node is at most about two of these behind.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan StatusPublishInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>StackExchange.Redis configuration of the SignalR backplane (e.g. <c>redis:6379</c>); empty: no backplane.</summary>
    public string RedisConfiguration { get; set; } = "";

    /// <summary>The node name used when <see cref="NodeId"/> is empty.</summary>
    public string EffectiveNodeId => string.IsNullOrWhiteSpace(NodeId)
        ? $"{Environment.MachineName}-{Environment.ProcessId}"
        : NodeId.Trim();
}
