using System.Text.Json;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>Which stored engines use a preset: the check a delete makes, the same on every node of a cluster.</summary>
public sealed partial class PresetStore
{
    /// <summary>
    /// The engines the database holds that use <paramref name="name"/>, whichever node runs them (or none): every engine
    /// stored with it (its <c>Engines</c> row: the preset it was created with and is pinned to, kept while the engine
    /// exists even when no node runs it) and every stored engine whose owner node publishes it as trading it now (its
    /// <c>EngineStatusSnapshots</c> row, on a cluster; a start with another preset is not on the engine's row).
    /// </summary>
    private static async Task<List<PresetEngineUse>> StoredEnginesUsingAsync(BreakoutBotDbContext db, string name, CancellationToken cancellationToken)
    {
        var created = await db.Engines.AsNoTracking()
            .Where(e => e.PresetName == name)
            .Select(e => new { e.Id, e.OwnerUserId, e.Name })
            .ToListAsync(cancellationToken);
        var uses = created.Select(e => new PresetEngineUse(e.Id, e.OwnerUserId ?? EngineRegistry.SystemOwner, e.Name)).ToList();
        // Narrowed in the database to payloads that mention the name at all, then read exactly.
        var published = await (
                from s in db.EngineStatusSnapshots.AsNoTracking()
                join e in db.Engines.AsNoTracking() on s.EngineId equals e.Id
                where e.PresetName != name && s.Payload.Contains(name)
                select new { e.Id, e.OwnerUserId, e.Name, s.Payload })
            .ToListAsync(cancellationToken);
        uses.AddRange(published
            .Where(p => string.Equals(PublishedPreset(p.Payload), name, StringComparison.Ordinal))
            .Select(p => new PresetEngineUse(p.Id, p.OwnerUserId ?? EngineRegistry.SystemOwner, p.Name)));
        return uses;
    }

    /// <summary>The preset a published status says the engine trades; null when it has none or cannot be read.</summary>
    private static string? PublishedPreset(string payload)
    {
        try
        {
            return Cluster.RemoteEngineJson.Read(payload).Status?.Preset;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
