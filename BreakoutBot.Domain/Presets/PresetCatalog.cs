using System.Collections.Frozen;
using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Presets;

/// <summary>
/// The presets shipped inside the Domain assembly (embedded <c>Presets/*.json</c>). They are read and validated once,
/// on first use; a shipped preset that fails to parse or validate is a build defect and throws <see cref="DomainException"/>.
/// </summary>
public static class PresetCatalog
{
    private const string ResourcePrefix = "BreakoutBot.Presets.";
    private const string ResourceSuffix = ".json";

    private static readonly Lazy<FrozenDictionary<string, TradingPreset>> Presets =
        new(LoadAll, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<IReadOnlyList<string>> SortedNames =
        new(() => [.. Presets.Value.Keys.Order(StringComparer.Ordinal)], LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Names of all shipped presets, sorted.</summary>
    public static IReadOnlyList<string> Names => SortedNames.Value;

    /// <summary>The shipped preset called <paramref name="name"/>; throws <see cref="DomainException"/> listing the valid names if there is none.</summary>
    public static TradingPreset Get(string name)
    {
        if (TryGet(name, out var preset))
        {
            return preset;
        }
        throw new DomainException($"Unknown preset '{name}'. Valid presets: {string.Join(", ", Names)}.");
    }

    public static bool TryGet(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TradingPreset? preset)
    {
        if (name is null)
        {
            preset = null;
            return false;
        }
        return Presets.Value.TryGetValue(name, out preset);
    }

    private static FrozenDictionary<string, TradingPreset> LoadAll()
    {
        var assembly = typeof(PresetCatalog).Assembly;
        var presets = new Dictionary<string, TradingPreset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                || !resource.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            {
                continue;
            }
            var fileName = resource[ResourcePrefix.Length..^ResourceSuffix.Length];
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new DomainException($"Embedded preset resource '{resource}' could not be opened.");
            using var reader = new StreamReader(stream);
            var result = PresetSerializer.DeserializeAndValidate(reader.ReadToEnd());
            if (!result.IsSuccess)
            {
                throw new DomainException(
                    $"Shipped preset '{fileName}.json' is invalid: {string.Join(" ", result.Errors.Select(e => e.Message))}");
            }
            var preset = result.Preset!;
            if (preset.Name != fileName)
            {
                throw new DomainException($"Shipped preset '{fileName}.json' has name '{preset.Name}'; the name must match the file name.");
            }
            presets.Add(preset.Name, preset);
        }
        return presets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
