using BreakoutBot.Infrastructure.Engines;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// Draws the market chart of an engine this node runs for a node that does not (ADR-021): the same drawing the engine's
/// own dashboard shows, as text the asking node turns back into it. Supplied by the portal (the drawing is the UI's).
/// </summary>
public interface IEngineChartSource
{
    /// <summary>The chart of <paramref name="instrumentId"/> as <paramref name="engine"/> sees it now; null when the engine watches no such instrument.</summary>
    Task<string?> DrawAsync(EngineHandle engine, string instrumentId, CancellationToken cancellationToken);
}
