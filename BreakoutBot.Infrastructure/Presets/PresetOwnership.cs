using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>
/// A preset's owner is the author of its first version (stored with every version since the store began), so ownership
/// needs no column of its own; the shipped catalog presets belong to nobody (built-in).
/// </summary>
internal static class PresetOwnership
{
    /// <summary>The owner of a preset whose first version has no author: only Admins may change it.</summary>
    public static PresetOwner Unknown { get; } = new(null, "nobody", false);

    public static PresetOwner Owner(string presetName, string? authorId, string? authorName) =>
        PresetCatalog.Names.Contains(presetName, StringComparer.Ordinal)
            ? PresetOwner.ForBuiltIn
            : new PresetOwner(authorId, authorName ?? Unknown.Name, false);

    /// <summary>The owner of the preset, or null when there is no such preset.</summary>
    public static async Task<PresetOwner?> OwnerAsync(BreakoutBotDbContext db, string presetName, CancellationToken cancellationToken)
    {
        var first = await db.PresetVersions.AsNoTracking()
            .Where(v => v.PresetName == presetName)
            .OrderBy(v => v.Version)
            .Select(v => new { v.CreatedByUserId, v.CreatedByUserName })
            .FirstOrDefaultAsync(cancellationToken);
        return first is null ? null : Owner(presetName, first.CreatedByUserId, first.CreatedByUserName);
    }
}
