using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Engine leases, fencing and fail-over (ADR-020). Always registered; with <c>Cluster:Enabled=false</c> (the default)
    /// the lease manager does nothing and every fencing check passes at once.
    /// </summary>
    public static IServiceCollection AddEngineLeases(this IServiceCollection services)
    {
        services.AddOptions<ClusterOptions>()
            .BindConfiguration(ClusterOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.RenewInterval * 2 <= o.LeaseDuration, "Cluster:RenewInterval must be at most half of Cluster:LeaseDuration.")
            .ValidateOnStart();
        services.AddSingleton<LeaseStore>();
        services.AddSingleton<EngineFence>();
        services.AddSingleton<EngineTakeover>();
        services.AddSingleton<LeaseManager>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseManager>());
        services.AddSingleton<EngineCommandQueue>();
        services.AddHostedService<EngineCommandRunner>();
        return services;
    }
}
