using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>Where the engine reads presets from (the shipped catalog now, the preset store later).</summary>
public interface IPresetSource
{
    /// <summary>The current version of a preset, or null when there is none by that name.</summary>
    TradingPreset? Find(string name);
}
