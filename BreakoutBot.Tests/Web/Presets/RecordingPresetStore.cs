using System.Security.Claims;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Presets;

namespace BreakoutBot.Tests.Web.Presets;

/// <summary>
/// An in-memory preset store for component tests: the shipped catalog at version 1 (built-in), presets users own added
/// with <see cref="AddOwned"/>, and a record of every write call.
/// </summary>
public sealed class RecordingPresetStore : IPresetStore
{
    private static readonly DateTimeOffset Seeded = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Dictionary<string, (TradingPreset Preset, PresetOwner Owner)> _owned = new(StringComparer.Ordinal);

    public List<(string Name, TradingPreset Preset, int? BasedOn)> Saves { get; } = [];

    public List<(string Source, string NewName)> Clones { get; } = [];

    public List<(string Name, int Version)> Restores { get; } = [];

    /// <summary>Adds a copy of <c>breakout_v1</c> named <paramref name="name"/> that the given user created.</summary>
    public void AddOwned(string name, string ownerId, string ownerName) =>
        _owned[name] = (PresetCatalog.Get("breakout_v1") with { Name = name }, new PresetOwner(ownerId, ownerName, false));

    private bool TryGet(string name, out TradingPreset preset, out PresetOwner owner)
    {
        if (_owned.TryGetValue(name, out var o))
        {
            (preset, owner) = o;
            return true;
        }
        owner = PresetOwner.ForBuiltIn;
        return PresetCatalog.TryGet(name, out preset!);
    }

    public Task<IReadOnlyList<PresetSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PresetSummary>>(
            PresetCatalog.Names.Select(n => new PresetSummary(n, PresetCatalog.Get(n).Description, 1, PresetStore.SystemUser, Seeded, PresetOwner.ForBuiltIn))
                .Concat(_owned.Select(o => new PresetSummary(o.Key, o.Value.Preset.Description, 1, o.Value.Owner.Name, Seeded, o.Value.Owner)))
                .ToList());

    public Task<PresetVersion?> GetLatestAsync(string name, CancellationToken cancellationToken = default) => GetVersionAsync(name, 1, cancellationToken);

    public Task<PresetVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        Task.FromResult(version == 1 && TryGet(name, out var p, out var owner)
            ? new PresetVersion(name, 1, p, PresetSerializer.Serialize(p), owner.BuiltIn ? PresetStore.SystemUser : owner.Name, Seeded, "Shipped preset.")
            : null);

    public Task<PresetOwner?> GetOwnerAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(TryGet(name, out _, out var owner) ? owner : null);

    public Task<IReadOnlyList<PresetVersionInfo>> HistoryAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PresetVersionInfo>>(TryGet(name, out _, out var owner)
            ? [new PresetVersionInfo(1, owner.BuiltIn ? PresetStore.SystemUser : owner.Name, Seeded, "Shipped preset.")]
            : []);

    public Task<PresetSaveResult> SaveAsync(ClaimsPrincipal user, string name, TradingPreset preset, int? basedOnVersion = null, CancellationToken cancellationToken = default)
    {
        Saves.Add((name, preset, basedOnVersion));
        return Task.FromResult(PresetSaveResult.Saved(2, $"Saved '{name}' as version 2."));
    }

    public Task<PresetSaveResult> CloneAsync(ClaimsPrincipal user, string sourceName, string newName, TradingPreset? edited = null, CancellationToken cancellationToken = default)
    {
        Clones.Add((sourceName, newName));
        return Task.FromResult(PresetSaveResult.Saved(1, $"Created '{newName}'."));
    }

    public Task<PresetSaveResult> DeleteAsync(ClaimsPrincipal user, string name, IReadOnlyCollection<PresetEngineUse> running, CancellationToken cancellationToken = default) =>
        Task.FromResult(PresetSaveResult.Refused(PresetSaveStatus.Forbidden, "Not in this test."));

    public Task<PresetSaveResult> RestoreAsync(ClaimsPrincipal user, string name, int version, CancellationToken cancellationToken = default)
    {
        Restores.Add((name, version));
        return Task.FromResult(PresetSaveResult.Saved(2, "Restored."));
    }
}
