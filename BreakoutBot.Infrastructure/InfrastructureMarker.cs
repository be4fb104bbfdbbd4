namespace BreakoutBot.Infrastructure;

/// <summary>Anchor type for assembly scanning and architecture tests.</summary>
public static class InfrastructureMarker
{
}
