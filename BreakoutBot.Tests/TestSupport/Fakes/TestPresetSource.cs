using System.Collections.Concurrent;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>The shipped catalog, with presets a test puts (or replaces) by name, e.g. to simulate an edited preset before a reload.</summary>
public sealed class TestPresetSource : IPresetSource
{
    private readonly ConcurrentDictionary<string, TradingPreset> _overrides = new(StringComparer.Ordinal);

    public void Put(TradingPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        _overrides[preset.Name] = preset;
    }

    public TradingPreset? Find(string name) =>
        _overrides.TryGetValue(name, out var preset) ? preset : PresetCatalog.TryGet(name, out var shipped) ? shipped : null;
}
