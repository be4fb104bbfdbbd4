namespace BreakoutBot.Infrastructure.Engines;

/// <summary>An engine taken over by cluster node <paramref name="ToNode"/> from <paramref name="FromNode"/> (null: nobody ran it), ADR-020.</summary>
public sealed record EngineMove(string? FromNode, string ToNode)
{
    /// <summary>"moved from node a to node b", as the transitions, the audit log and the dashboard say it.</summary>
    public string Describe() => FromNode is null || FromNode == ToNode
        ? $"taken over by node {ToNode}"
        : $"moved from node {FromNode} to node {ToNode}";
}
