using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Presets;

namespace BreakoutBot.Web.Services;

/// <summary>The preset names an engine can be created or started with: the preset store's (shipped and cloned), else the shipped catalog.</summary>
public static class PresetNames
{
    public static async Task<IReadOnlyList<string>> LoadAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService(typeof(IPresetStore)) is IPresetStore store)
        {
            var list = await store.ListAsync(cancellationToken);
            if (list.Count > 0)
            {
                return list.Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            }
        }
        return PresetCatalog.Names;
    }
}
