namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// Which node runs an engine, until when, and under which fencing token (ADR-020). The token grows by one with every new
/// owner; writes and orders of the engine are only accepted under the current one.
/// </summary>
public sealed class EngineLeaseEntity
{
    public string EngineId { get; set; } = "";

    public string OwnerNode { get; set; } = "";

    public long Token { get; set; }

    public DateTimeOffset AcquiredAt { get; set; }

    public DateTimeOffset RenewedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
