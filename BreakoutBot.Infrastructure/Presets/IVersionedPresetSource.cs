using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>A preset source that keeps every version, so an engine can stay on the version it was given (<c>PinnedPresetSource</c>).</summary>
public interface IVersionedPresetSource : IPresetSource
{
    /// <summary>The number of the latest version, or null when there is no preset by that name.</summary>
    int? LatestVersion(string name);

    /// <summary>That version of the preset, or null when there is none (or it can no longer be read).</summary>
    TradingPreset? Find(string name, int version);
}
