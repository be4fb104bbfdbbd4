namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// The latest live status of an engine as its owner node published it (ADR-021), read by the other nodes of a cluster
/// for their engine lists, dashboards and status route. Written only under the owner's fencing token: a row written
/// under a newer token is never overwritten by a node holding an older one.
/// </summary>
public sealed class EngineStatusSnapshotEntity
{
    public string EngineId { get; set; } = "";

    /// <summary>The node that published it.</summary>
    public string Node { get; set; } = "";

    /// <summary>The publisher's fencing token for the engine.</summary>
    public long Token { get; set; }

    /// <summary>Grows by one with every write, so a reader fetches the payload only when it changed.</summary>
    public long Revision { get; set; }

    /// <summary>When the owner published it (its clock).</summary>
    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>The <see cref="RemoteEnginePayload"/> as JSON.</summary>
    public string Payload { get; set; } = "";
}
