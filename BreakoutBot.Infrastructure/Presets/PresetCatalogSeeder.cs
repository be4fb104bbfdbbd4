using Microsoft.Extensions.Hosting;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>Seeds the shipped presets into the database at start-up (after the migrations, before the engines start).</summary>
public sealed class PresetCatalogSeeder(PresetStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.SeedCatalogAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
