using System.Security.Claims;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>
/// Presets and every saved version of each. Reads are open to every signed-in user; writes (save, clone, restore,
/// delete) are checked here, on the server, against the user's role and the preset's owner (<see cref="PresetPermissions"/>:
/// a Trader changes only presets they created, built-ins only Admins), validated with <see cref="PresetValidator"/> and
/// audit-logged. A write that is refused writes nothing and is audit-logged as a failure.
/// </summary>
public interface IPresetStore
{
    Task<IReadOnlyList<PresetSummary>> ListAsync(CancellationToken cancellationToken = default);

    Task<PresetVersion?> GetLatestAsync(string name, CancellationToken cancellationToken = default);

    Task<PresetVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>Every version of the preset, newest first; empty when there is no such preset.</summary>
    /// <summary>Who the preset belongs to (its creator, or built-in); null when there is no such preset.</summary>
    Task<PresetOwner?> GetOwnerAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PresetVersionInfo>> HistoryAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves <paramref name="preset"/> as the next version of preset <paramref name="name"/> (its name must stay the same).
    /// With <paramref name="basedOnVersion"/>, refuses with <see cref="PresetSaveStatus.Conflict"/> when a newer version exists.
    /// </summary>
    Task<PresetSaveResult> SaveAsync(ClaimsPrincipal user, string name, TradingPreset preset, int? basedOnVersion = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates preset <paramref name="newName"/> (version 1) from the latest version of <paramref name="sourceName"/>, or,
    /// when given, from <paramref name="edited"/> (the source's content changed in the clone form; its name is replaced).
    /// </summary>
    Task<PresetSaveResult> CloneAsync(ClaimsPrincipal user, string sourceName, string newName, TradingPreset? edited = null, CancellationToken cancellationToken = default);

    /// <summary>Saves the content of an old version as the newest version.</summary>
    Task<PresetSaveResult> RestoreAsync(ClaimsPrincipal user, string name, int version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a preset and its versions. Refused for the built-in catalog presets and for a preset an engine uses: one
    /// of <paramref name="running"/> (the engines the calling node runs that were created with it or trade it now) or
    /// one the database holds (an engine stored with it, on any node or on none, or one another node publishes as
    /// trading it), checked in the same transaction as the delete; engines the caller may not see are listed only as
    /// another user's. Traders and Admins only; audit-logged.
    /// </summary>
    Task<PresetSaveResult> DeleteAsync(ClaimsPrincipal user, string name, IReadOnlyCollection<PresetEngineUse> running, CancellationToken cancellationToken = default);
}
