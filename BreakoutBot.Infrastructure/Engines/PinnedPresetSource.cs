using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Presets;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// One engine's view of the presets: the first time the engine reads a preset it is pinned to the version that was
/// latest then, and from then on the engine (start, reload, restart) reads that version only, whoever saves newer ones.
/// Only <see cref="Pin"/> (the engine's owner applying a version, through <see cref="EngineCommandService"/>) moves it.
/// Over a source without versions (the shipped catalog) it passes reads through. Thread-safe.
/// </summary>
public sealed class PinnedPresetSource : IPresetSource
{
    private readonly IPresetSource _inner;
    private readonly Dictionary<string, int> _pins = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public PinnedPresetSource(IPresetSource inner, string? presetName = null, int? version = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (presetName is not null && version is { } v)
        {
            _pins[presetName] = v;
        }
    }

    /// <summary>Raised after <see cref="Pin"/> moved a pin (so the engine's stored row can follow).</summary>
    public event Action? Changed;

    public TradingPreset? Find(string name)
    {
        if (_inner is not IVersionedPresetSource versioned || string.IsNullOrEmpty(name))
        {
            return _inner.Find(name);
        }
        lock (_gate)
        {
            if (!_pins.TryGetValue(name, out var version))
            {
                if (versioned.LatestVersion(name) is not { } latest)
                {
                    return null;
                }
                version = latest;
                _pins[name] = version;
            }
            return versioned.Find(name, version);
        }
    }

    /// <summary>
    /// The preset <see cref="Find"/> would give now (the pinned version, else the latest) without pinning it: for showing
    /// what an engine that has not read its preset yet will trade with, while its first read still pins.
    /// </summary>
    public TradingPreset? Peek(string name)
    {
        if (_inner is not IVersionedPresetSource versioned || string.IsNullOrEmpty(name))
        {
            return _inner.Find(name);
        }
        var version = PinnedVersion(name) ?? versioned.LatestVersion(name);
        return version is { } v ? versioned.Find(name, v) : null;
    }

    /// <summary>The version of <paramref name="name"/> this engine reads, or null before it first read it (or without versions).</summary>
    public int? PinnedVersion(string name)
    {
        lock (_gate)
        {
            return _pins.TryGetValue(name, out var v) ? v : null;
        }
    }

    /// <summary>Latest version of the preset in the underlying source; null when unknown or without versions.</summary>
    public int? LatestVersion(string name) => (_inner as IVersionedPresetSource)?.LatestVersion(name);

    /// <summary>Moves the pin of <paramref name="name"/> to <paramref name="version"/>; false when that version does not exist.</summary>
    public bool Pin(string name, int version)
    {
        if (_inner is not IVersionedPresetSource versioned || versioned.Find(name, version) is null)
        {
            return false;
        }
        lock (_gate)
        {
            _pins[name] = version;
        }
        Changed?.Invoke();
        return true;
    }
}
