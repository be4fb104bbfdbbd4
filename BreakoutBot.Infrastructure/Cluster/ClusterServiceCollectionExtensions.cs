using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// <c>Cluster:*</c> (<see cref="ClusterOptions"/>), validated when the app starts: cluster mode needs
    /// <c>Database:Provider=Postgres</c>. In cluster mode on PostgreSQL it also adds what the nodes share (ADR-019): the
    /// clustered Quartz scheduler (<see cref="ClusterScheduler"/>) and the Data Protection key ring in the database.
    /// A single node (the default) gets neither and keeps its in-memory scheduler and its key folder.
    /// </summary>
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ClusterOptions>()
            .BindConfiguration(ClusterOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IOptions<DatabaseOptions>>(
                (cluster, database) => !cluster.Enabled || database.Value.Provider == DatabaseProvider.Postgres,
                "Cluster:Enabled is true but Database:Provider is not Postgres: the nodes of a cluster share one PostgreSQL "
                + "database. Set Database:Provider=Postgres (with ConnectionStrings:BreakoutBot) or Cluster:Enabled=false.")
            .Validate(
                cluster => cluster.RenewInterval * 2 <= cluster.LeaseDuration,
                "Cluster:RenewInterval must be at most half of Cluster:LeaseDuration.")
            .ValidateOnStart();

        var cluster = Read(configuration);
        if (!cluster.Enabled || !IsPostgres(configuration))
        {
            // Single node, or a cluster on the wrong database, which the validation above stops at start.
            return services;
        }
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) ?? "";
        services.AddClusterScheduler(connectionString, cluster.EffectiveNodeId);
        UseDatabaseKeyRing(services);
        return services;
    }

    /// <summary>
    /// Engine leases, fencing and fail-over (ADR-020). Always registered (the options come from <see cref="AddCluster"/>);
    /// with <c>Cluster:Enabled=false</c> (the default) the lease manager does nothing and every fencing check passes at once.
    /// </summary>
    public static IServiceCollection AddEngineLeases(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<LeaseStore>();
        services.AddSingleton<EngineFence>();
        services.AddSingleton<EngineTakeover>();
        services.AddSingleton<LeaseManager>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseManager>());
        services.AddSingleton<EngineCommandQueue>();
        services.AddHostedService<EngineCommandRunner>();
        services.AddSingleton<ClusterStatusQueries>();
        services.AddHostedService<EngineStatusPublisher>();
        services.AddSingleton<RemoteEngineStatusCache>();
        services.AddHostedService(sp => sp.GetRequiredService<RemoteEngineStatusCache>());
        return services;
    }

    /// <summary>
    /// Every node reads and writes one Data Protection key ring, kept in the shared database (table
    /// <c>DataProtectionKeys</c>), so a log-in cookie or an OKX key set protected on one node is read on any other.
    /// Replaces the single node's key folder.
    /// </summary>
    private static void UseDatabaseKeyRing(IServiceCollection services)
    {
        foreach (var folder in services.Where(d => d.ImplementationType == typeof(DataProtectionKeyFolderSetup)).ToList())
        {
            services.Remove(folder);
        }
        services.AddDataProtection()
            .SetApplicationName(DataProtectionKeysOptions.ApplicationName)
            .PersistKeysToDbContext<BreakoutBotDbContext>();
        services.AddSingleton<IPostConfigureOptions<KeyManagementOptions>, KeyRingMustBeShared>();
    }

    private static ClusterOptions Read(IConfiguration configuration)
    {
        var options = new ClusterOptions();
        try
        {
            configuration.GetSection(ClusterOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(
                $"Bad Cluster settings ({ex.InnerException?.Message ?? ex.Message}); Cluster:Enabled must be true or false.", ex);
        }
        return options;
    }

    private static bool IsPostgres(IConfiguration configuration) =>
        string.Equals(configuration[$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}"], nameof(DatabaseProvider.Postgres), StringComparison.OrdinalIgnoreCase);

    /// <summary>Fails loudly if something configured a node-local key repository after the database one.</summary>
    private sealed class KeyRingMustBeShared : IPostConfigureOptions<KeyManagementOptions>
    {
        public void PostConfigure(string? name, KeyManagementOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            if (options.XmlRepository is not Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.EntityFrameworkCoreXmlRepository<BreakoutBotDbContext>)
            {
                throw new InvalidOperationException(
                    "Cluster:Enabled is true but the Data Protection key ring is not kept in the database; every node must share it.");
            }
        }
    }
}
