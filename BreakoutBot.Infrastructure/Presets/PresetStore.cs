using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>
/// Presets in the database (<c>Presets</c> and <c>PresetVersions</c>), one context per operation. The shipped catalog is
/// seeded as version 1 of each preset by <see cref="SeedCatalogAsync"/>. As the engines' <see cref="IVersionedPresetSource"/>,
/// it serves the latest version or any saved one; each engine reads it through its own <c>PinnedPresetSource</c>, so it
/// stays on the version it was given until its owner applies another.
/// </summary>
public sealed partial class PresetStore(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    IAuditLog audit,
    TimeProvider time,
    ILogger<PresetStore> logger) : IPresetStore, IVersionedPresetSource
{
    public const string SaveAction = "preset.save";
    public const string CloneAction = "preset.clone";
    public const string RestoreAction = "preset.restore";
    public const string DeleteAction = "preset.delete";
    public const string SystemUser = "system";

    /// <summary>Adds every shipped preset that is not in the database yet as its version 1; returns how many were added.</summary>
    public async Task<int> SeedCatalogAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Presets.AsNoTracking().Select(p => p.Name).ToListAsync(cancellationToken);
        var missing = PresetCatalog.Names.Except(existing, StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }
        var now = time.GetUtcNow();
        foreach (var name in missing)
        {
            var preset = PresetCatalog.Get(name);
            db.Presets.Add(NewPresetEntity(preset, SystemUser, now));
            db.PresetVersions.Add(NewVersionEntity(preset, 1, null, SystemUser, now, "Shipped preset."));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Another instance seeded at the same moment; what it wrote is the same catalog.
            logger.LogWarning(ex, "Seeding the shipped presets collided with another writer; keeping what is stored.");
            return 0;
        }
        logger.LogInformation("Seeded {Count} shipped preset(s): {Names}.", missing.Count, string.Join(", ", missing));
        return missing.Count;
    }

    public async Task<IReadOnlyList<PresetSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Presets.AsNoTracking()
            .OrderBy(p => p.Name)
            .Select(p => new
            {
                p.Name,
                p.Description,
                p.LatestVersion,
                p.UpdatedAt,
                UpdatedBy = p.Versions.Where(v => v.Version == p.LatestVersion).Select(v => v.CreatedByUserName).FirstOrDefault(),
                AuthorId = p.Versions.OrderBy(v => v.Version).Select(v => v.CreatedByUserId).FirstOrDefault(),
                AuthorName = p.Versions.OrderBy(v => v.Version).Select(v => v.CreatedByUserName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new PresetSummary(r.Name, r.Description, r.LatestVersion, r.UpdatedBy, r.UpdatedAt,
            PresetOwnership.Owner(r.Name, r.AuthorId, r.AuthorName))).ToList();
    }

    public async Task<PresetOwner?> GetOwnerAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await PresetOwnership.OwnerAsync(db, name, cancellationToken);
    }

    public async Task<PresetVersion?> GetLatestAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.PresetVersions.AsNoTracking()
            .Where(v => v.PresetName == name)
            .OrderByDescending(v => v.Version)
            .FirstOrDefaultAsync(cancellationToken);
        return ToVersion(row);
    }

    public async Task<PresetVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.PresetVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.PresetName == name && v.Version == version, cancellationToken);
        return ToVersion(row);
    }

    public async Task<IReadOnlyList<PresetVersionInfo>> HistoryAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PresetVersions.AsNoTracking()
            .Where(v => v.PresetName == name)
            .OrderByDescending(v => v.Version)
            .Select(v => new PresetVersionInfo(v.Version, v.CreatedByUserName, v.CreatedAt, v.ChangeSummary))
            .ToListAsync(cancellationToken);
    }

    public async Task<PresetSaveResult> SaveAsync(ClaimsPrincipal user, string name, TradingPreset preset, int? basedOnVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(preset);
        if (!PresetPermissions.CanEdit(user))
        {
            return Refuse(user, SaveAction, name, PresetSaveStatus.Forbidden, "Only Traders and Admins may edit presets.");
        }
        if (!string.Equals(preset.Name, name, StringComparison.Ordinal))
        {
            return Invalid(user, SaveAction, name, [new PresetError("name", $"name must stay \"{name}\" when editing; clone the preset to save it under another name.")]);
        }
        var errors = PresetValidator.Validate(preset);
        if (errors.Count > 0)
        {
            return Invalid(user, SaveAction, name, errors);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await db.Presets.FirstOrDefaultAsync(p => p.Name == name, cancellationToken);
        if (entity is null)
        {
            return Refuse(user, SaveAction, name, PresetSaveStatus.NotFound, $"There is no preset '{name}'.");
        }
        if (await RefuseUnlessModifiableAsync(db, user, SaveAction, name, cancellationToken) is { } notYours)
        {
            return notYours;
        }
        if (basedOnVersion is { } based && based != entity.LatestVersion)
        {
            return Refuse(user, SaveAction, name, PresetSaveStatus.Conflict,
                Invariant($"Preset '{name}' was changed to version {entity.LatestVersion} while you edited version {based}; reload it and apply your changes again."));
        }
        var latestJson = await LatestJsonAsync(db, name, entity.LatestVersion, cancellationToken);
        var json = PresetSerializer.Serialize(preset);
        var changes = latestJson is null ? [] : PresetDiff.Compare(latestJson, json);
        if (latestJson is not null && changes.Count == 0)
        {
            return PresetSaveResult.Refused(PresetSaveStatus.Unchanged, $"No changes to save in '{name}'.");
        }
        return await AppendVersionAsync(db, entity, preset, user, PresetDiff.Summarize(changes), SaveAction, cancellationToken);
    }

    public async Task<PresetSaveResult> CloneAsync(ClaimsPrincipal user, string sourceName, string newName, TradingPreset? edited = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var target = newName?.Trim() ?? "";
        if (!PresetPermissions.CanEdit(user))
        {
            return Refuse(user, CloneAction, target, PresetSaveStatus.Forbidden, "Only Traders and Admins may clone presets.");
        }
        var source = await GetLatestAsync(sourceName, cancellationToken);
        if (source is null)
        {
            return Refuse(user, CloneAction, sourceName, PresetSaveStatus.NotFound, $"There is no preset '{sourceName}'.");
        }
        var copy = (edited ?? source.Preset) with { Name = target };
        var errors = PresetValidator.Validate(copy);
        if (errors.Count > 0)
        {
            return Invalid(user, CloneAction, target, errors);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Presets.AnyAsync(p => p.Name == target, cancellationToken))
        {
            return Refuse(user, CloneAction, target, PresetSaveStatus.Conflict, $"A preset named '{target}' already exists; choose another name.");
        }
        var now = time.GetUtcNow();
        db.Presets.Add(NewPresetEntity(copy, UserName(user), now));
        var summary = Invariant($"Cloned from {source.Name} version {source.Version}.");
        if (edited is not null)
        {
            var changes = PresetDiff.Compare(source.Json, PresetSerializer.Serialize(copy)).Where(c => c.Path != "name").ToList();
            if (changes.Count > 0)
            {
                summary = summary[..^1] + ", changed: " + PresetDiff.Summarize(changes);
            }
        }
        db.PresetVersions.Add(NewVersionEntity(copy, 1, UserId(user), UserName(user), now, summary));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Refuse(user, CloneAction, target, PresetSaveStatus.Conflict, $"A preset named '{target}' already exists; choose another name.");
        }
        audit.Record(UserId(user), UserName(user), CloneAction, target, summary, true);
        return PresetSaveResult.Saved(1, $"Created '{target}' as a copy of '{source.Name}'.");
    }

    public async Task<PresetSaveResult> DeleteAsync(ClaimsPrincipal user, string name, IReadOnlyCollection<PresetEngineUse> running, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(running);
        if (!PresetPermissions.CanEdit(user))
        {
            return Refuse(user, DeleteAction, name, PresetSaveStatus.Forbidden, "Only Traders and Admins may delete presets.");
        }
        if (PresetCatalog.Names.Contains(name, StringComparer.Ordinal))
        {
            return Refuse(user, DeleteAction, name, PresetSaveStatus.Conflict, $"'{name}' is a built-in preset and cannot be deleted; clone it to make your own.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The engines are read and the preset deleted in one transaction that locks first (SQLite: the write lock from the
        // start; PostgreSQL: the preset's row), so no engine row is stored with it between the check and the delete: an
        // engine created meanwhile waits and is then refused, or is stored first and refuses the delete (PresetRowLocks).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await PresetRowLocks.LockForDeleteAsync(db, name, cancellationToken);
        var entity = await db.Presets.Include(p => p.Versions).FirstOrDefaultAsync(p => p.Name == name, cancellationToken);
        if (entity is null)
        {
            return Refuse(user, DeleteAction, name, PresetSaveStatus.NotFound, $"There is no preset '{name}'.");
        }
        if (await RefuseUnlessModifiableAsync(db, user, DeleteAction, name, cancellationToken) is { } notYours)
        {
            return notYours;
        }
        // This node's engines and those the database holds (every node's, and stored ones no node runs), each once.
        var inUseBy = running.Concat(await StoredEnginesUsingAsync(db, name, cancellationToken))
            .DistinctBy(e => e.EngineId, StringComparer.Ordinal)
            .Select(e => e.DescribeFor(user))
            .ToList();
        if (inUseBy.Count > 0)
        {
            return Refuse(user, DeleteAction, name, PresetSaveStatus.Conflict,
                $"'{name}' is used by {(inUseBy.Count == 1 ? "engine" : "engines")} {string.Join(", ", inUseBy)}; give them another preset or remove them first.");
        }
        db.Presets.Remove(entity);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var summary = "Deleted with its " + Counted.Of(entity.Versions.Count, "version") + ".";
        audit.Record(UserId(user), UserName(user), DeleteAction, name, summary, true);
        return PresetSaveResult.Saved(0, $"Preset '{name}' deleted.");
    }

    public async Task<PresetSaveResult> RestoreAsync(ClaimsPrincipal user, string name, int version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!PresetPermissions.CanEdit(user))
        {
            return Refuse(user, RestoreAction, name, PresetSaveStatus.Forbidden, "Only Traders and Admins may restore presets.");
        }
        var old = await GetVersionAsync(name, version, cancellationToken);
        if (old is null)
        {
            return Refuse(user, RestoreAction, name, PresetSaveStatus.NotFound, Invariant($"Preset '{name}' has no version {version}."));
        }
        var errors = PresetValidator.Validate(old.Preset);
        if (errors.Count > 0)
        {
            // The rules may have tightened since that version was saved.
            return Invalid(user, RestoreAction, name, errors);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await RefuseUnlessModifiableAsync(db, user, RestoreAction, name, cancellationToken) is { } notYours)
        {
            return notYours;
        }
        var entity = await db.Presets.FirstAsync(p => p.Name == name, cancellationToken);
        var latestJson = await LatestJsonAsync(db, name, entity.LatestVersion, cancellationToken);
        var changes = latestJson is null ? [] : PresetDiff.Compare(latestJson, old.Json);
        if (changes.Count == 0)
        {
            return PresetSaveResult.Refused(PresetSaveStatus.Unchanged, Invariant($"Version {version} is the same as the latest version; nothing to restore."));
        }
        var summary = Invariant($"Restored version {version}: ") + PresetDiff.Summarize(changes);
        return await AppendVersionAsync(db, entity, old.Preset, user, summary, RestoreAction, cancellationToken);
    }

    private async Task<PresetSaveResult> AppendVersionAsync(
        BreakoutBotDbContext db, PresetEntity entity, TradingPreset preset, ClaimsPrincipal user, string summary, string action, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = entity.LatestVersion + 1;
        entity.LatestVersion = next;
        entity.UpdatedAt = now;
        entity.Description = preset.Description;
        db.PresetVersions.Add(NewVersionEntity(preset, next, UserId(user), UserName(user), now, summary));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Refuse(user, action, entity.Name, PresetSaveStatus.Conflict,
                $"Preset '{entity.Name}' was changed by someone else at the same moment; reload it and try again.");
        }
        audit.Record(UserId(user), UserName(user), action, entity.Name, Invariant($"version {next}: {summary}"), true);
        return PresetSaveResult.Saved(next, Invariant($"Saved '{entity.Name}' as version {next}."));
    }

    private static Task<string?> LatestJsonAsync(BreakoutBotDbContext db, string name, int version, CancellationToken cancellationToken) =>
        db.PresetVersions.AsNoTracking()
            .Where(v => v.PresetName == name && v.Version == version)
            .Select(v => v.Json)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The refusal (audit-logged) when the user may not change this preset (not its owner, or built-in and not an Admin); null when they may.</summary>
    private async Task<PresetSaveResult?> RefuseUnlessModifiableAsync(BreakoutBotDbContext db, ClaimsPrincipal user, string action, string name, CancellationToken cancellationToken)
    {
        var owner = await PresetOwnership.OwnerAsync(db, name, cancellationToken) ?? PresetOwnership.Unknown;
        return PresetPermissions.CanModify(user, owner)
            ? null
            : Refuse(user, action, name, PresetSaveStatus.Forbidden, PresetPermissions.RefusalFor(user, name, owner));
    }

    private PresetSaveResult Invalid(ClaimsPrincipal user, string action, string target, IReadOnlyList<PresetError> errors)
    {
        var result = PresetSaveResult.Invalid(errors);
        audit.Record(UserId(user), UserName(user), action, target, result.Message, false);
        return result;
    }

    private PresetSaveResult Refuse(ClaimsPrincipal user, string action, string target, PresetSaveStatus status, string message)
    {
        audit.Record(UserId(user), UserName(user), action, target, message, false);
        return PresetSaveResult.Refused(status, message);
    }

    private PresetVersion? ToVersion(PresetVersionEntity? row)
    {
        if (row is null)
        {
            return null;
        }
        var preset = Parse(row.PresetName, row.Json);
        return preset is null
            ? null
            : new PresetVersion(row.PresetName, row.Version, preset, row.Json, row.CreatedByUserName, row.CreatedAt, row.ChangeSummary);
    }

    private TradingPreset? Parse(string name, string json)
    {
        var parsed = PresetSerializer.Deserialize(json);
        if (parsed.IsSuccess)
        {
            return parsed.Preset;
        }
        logger.LogError("Stored preset '{Name}' cannot be read: {Errors}", name, string.Join(" ", parsed.Errors.Select(e => e.Message)));
        return null;
    }

    private static PresetEntity NewPresetEntity(TradingPreset preset, string? createdBy, DateTimeOffset now) => new()
    {
        Name = preset.Name,
        Description = preset.Description,
        LatestVersion = 1,
        CreatedAt = now,
        CreatedBy = createdBy,
        UpdatedAt = now,
    };

    private static PresetVersionEntity NewVersionEntity(TradingPreset preset, int version, string? userId, string? userName, DateTimeOffset now, string summary) => new()
    {
        PresetName = preset.Name,
        Version = version,
        Json = PresetSerializer.Serialize(preset),
        CreatedByUserId = userId,
        CreatedByUserName = userName,
        CreatedAt = now,
        ChangeSummary = summary,
    };

    private static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    private static string? UserName(ClaimsPrincipal user) => user.Identity?.Name ?? UserId(user);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
