using BreakoutBot.Domain.Abstractions;

namespace BreakoutBot.Domain.Presets;

/// <summary>Presets from the shipped catalog.</summary>
public sealed class CatalogPresetSource : IPresetSource
{
    public static readonly CatalogPresetSource Instance = new();

    public TradingPreset? Find(string name) => PresetCatalog.TryGet(name, out var p) ? p : null;
}
