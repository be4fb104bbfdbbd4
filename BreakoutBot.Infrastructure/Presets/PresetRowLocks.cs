using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>
/// What keeps a preset's delete and the creation of an engine with it from both succeeding when they interleave, on one
/// node or several (ADR-020, addendum): the delete checks in its transaction that no engine uses the preset, the creation
/// checks in the transaction that inserts the engine's row that the preset still exists, and each takes a lock before it
/// reads. On SQLite both transactions are <c>BEGIN IMMEDIATE</c> (what Microsoft.Data.Sqlite's <c>BeginTransaction</c>
/// issues unless asked for a deferred one), so each holds the database's write lock from its first statement and they run
/// one after the other. On PostgreSQL the delete locks the preset's row <c>FOR UPDATE</c> and the creation
/// <c>FOR KEY SHARE</c> (the lock a foreign key check takes: it conflicts with a delete, not with a save of a new version);
/// whichever comes second waits for the first to commit and then reads what it committed (READ COMMITTED).
/// </summary>
internal static class PresetRowLocks
{
    /// <summary>Inside the delete's open transaction, before it reads the engines: locks the preset's row (PostgreSQL).</summary>
    public static async Task LockForDeleteAsync(BreakoutBotDbContext db, string name, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Presets\" WHERE \"Name\" = {name} FOR UPDATE", cancellationToken);
        }
    }

    /// <summary>
    /// Inside the creation's open transaction, before the engine's row is inserted: true when the preset exists (and, when
    /// <paramref name="version"/> is given, that version of it), and then it cannot be deleted before the transaction ends.
    /// </summary>
    public static async Task<bool> KeepForNewEngineAsync(BreakoutBotDbContext db, string name, int? version, CancellationToken cancellationToken)
    {
        var exists = db.Database.IsNpgsql()
            ? (await db.Presets.FromSql($"SELECT * FROM \"Presets\" WHERE \"Name\" = {name} FOR KEY SHARE").AsNoTracking().ToListAsync(cancellationToken)).Count > 0
            : await db.Presets.AnyAsync(p => p.Name == name, cancellationToken);
        if (!exists || version is not { } pinned)
        {
            return exists;
        }
        return await db.PresetVersions.AnyAsync(v => v.PresetName == name && v.Version == pinned, cancellationToken);
    }
}
