using System.Security.Claims;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Presets;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>
/// The portal's preset store as the engines read it, except that once armed for a preset it deletes that preset through
/// the store (as a user on another node would) right after an engine read the version it will trade: the moment between
/// an engine creation's validation and the store of its row, reached deterministically.
/// </summary>
public sealed class DeletingPresetSource(PresetStore store) : IVersionedPresetSource
{
    private readonly Lock _gate = new();
    private (string Name, ClaimsPrincipal User)? _armed;

    /// <summary>The result of the delete once it ran.</summary>
    public PresetSaveResult? Deleted { get; private set; }

    /// <summary>Deletes <paramref name="name"/> as <paramref name="user"/> after the next read of one of its versions.</summary>
    public void DeleteAfterNextRead(string name, ClaimsPrincipal user)
    {
        lock (_gate)
        {
            _armed = (name, user);
        }
    }

    public TradingPreset? Find(string name) => store.Find(name);

    public int? LatestVersion(string name) => store.LatestVersion(name);

    public TradingPreset? Find(string name, int version)
    {
        var preset = store.Find(name, version);
        ClaimsPrincipal? user = null;
        lock (_gate)
        {
            if (_armed is { } armed && armed.Name == name)
            {
                user = armed.User;
                _armed = null;
            }
        }
        if (user is not null)
        {
            // Called synchronously by the engine being built; the delete runs on its own connection and transaction.
            Deleted = Task.Run(() => store.DeleteAsync(user, name, [])).GetAwaiter().GetResult();
        }
        return preset;
    }
}
