namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>A lease just won: its fencing token and the node that held it before (null for a first owner).</summary>
public sealed record LeaseGrant(string EngineId, long Token, string? PreviousOwner);
