using BreakoutBot.Domain.Presets;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>The store as the engines' <see cref="IVersionedPresetSource"/>: synchronous reads of the latest or of one version.</summary>
public sealed partial class PresetStore
{
    /// <summary>The latest saved version of the preset, or null when there is none (or it can no longer be read).</summary>
    public TradingPreset? Find(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        using var db = contexts.CreateDbContext();
        var json = db.PresetVersions.AsNoTracking()
            .Where(v => v.PresetName == name)
            .OrderByDescending(v => v.Version)
            .Select(v => v.Json)
            .FirstOrDefault();
        return json is null ? null : Parse(name, json);
    }

    public int? LatestVersion(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        using var db = contexts.CreateDbContext();
        return db.Presets.AsNoTracking().Where(p => p.Name == name).Select(p => (int?)p.LatestVersion).FirstOrDefault();
    }

    public TradingPreset? Find(string name, int version)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        using var db = contexts.CreateDbContext();
        var json = db.PresetVersions.AsNoTracking()
            .Where(v => v.PresetName == name && v.Version == version)
            .Select(v => v.Json)
            .FirstOrDefault();
        return json is null ? null : Parse(name, json);
    }
}
