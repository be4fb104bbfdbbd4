using BreakoutBot.Domain.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Infrastructure.Presets;

public static class PresetServiceCollectionExtensions
{
    /// <summary>
    /// The database-backed <see cref="PresetStore"/> as <see cref="IPresetStore"/> and as the engines' <see cref="IPresetSource"/>,
    /// and the start-up seeding of the shipped presets. Call after <c>AddPersistence</c> (so the seeding runs after the
    /// migrations) and before the engine host is added (so the engines find the seeded presets).
    /// </summary>
    public static IServiceCollection AddPresets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<PresetStore>();
        services.AddSingleton<IPresetStore>(sp => sp.GetRequiredService<PresetStore>());
        services.AddSingleton<IPresetSource>(sp => sp.GetRequiredService<PresetStore>());
        services.AddHostedService<PresetCatalogSeeder>();
        return services;
    }
}
