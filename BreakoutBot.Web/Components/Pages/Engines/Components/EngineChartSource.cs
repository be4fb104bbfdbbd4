using System.Text.Json;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;

namespace BreakoutBot.Web.Components.Pages.Engines.Components;

/// <summary>
/// The owner node's side of a remote dashboard's market chart (ADR-021): the drawing this node's own dashboards show
/// (<see cref="MarketChartDrawings"/>, shared with them), as JSON for the node that asked.
/// </summary>
public sealed class EngineChartSource : IEngineChartSource
{
    public async Task<string?> DrawAsync(EngineHandle engine, string instrumentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var drawing = await MarketChartDrawings.GetAsync(engine, instrumentId, engine.Status?.LastBarTime).WaitAsync(cancellationToken);
        return drawing is null ? null : JsonSerializer.Serialize(drawing);
    }

    /// <summary>The drawing sent by <see cref="DrawAsync"/>; null for text that is not one.</summary>
    public static MarketChartDrawing? Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<MarketChartDrawing>(json) is { ArgumentsJson.Length: > 0 } drawing ? drawing : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
