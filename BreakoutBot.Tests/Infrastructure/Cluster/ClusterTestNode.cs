using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// One node of a test cluster: a generic host wired as the portal wires these parts (persistence, the OKX key store's
/// Data Protection, <c>AddCluster</c>, Quartz's hosted service) on a shared PostgreSQL database, with its own node id.
/// The database must already be migrated (<see cref="MigrateAsync"/>).
/// </summary>
public sealed class ClusterTestNode : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private ClusterTestNode(IHost host, string nodeId)
    {
        _host = host;
        NodeId = nodeId;
    }

    public string NodeId { get; }

    public IServiceProvider Services => _host.Services;

    public static IReadOnlyDictionary<string, string?> Settings(string connectionString, string nodeId, string keysFolder) => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:BreakoutBot"] = connectionString,
        ["Database:MigrateOnStartup"] = "false",
        ["Cluster:Enabled"] = "true",
        ["Cluster:NodeId"] = nodeId,
        // Where a single node would keep its key ring: cluster mode must not use it.
        ["DataProtection:KeysFolder"] = keysFolder,
    };

    /// <summary>Builds and starts a node with <paramref name="settings"/> (see <see cref="Settings"/>).</summary>
    public static async Task<ClusterTestNode> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPersistence(builder.Configuration);
        builder.Services.AddOkxKeys();
        builder.Services.AddCluster(builder.Configuration);
        if (builder.Configuration.GetValue<bool>("Cluster:Enabled"))
        {
            builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new ClusterTestNode(host, settings.TryGetValue("Cluster:NodeId", out var id) ? id ?? "" : "");
    }

    /// <summary>Applies every migration to the database (what the first node to start does).</summary>
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var database = await PersistenceTestDatabase.CreateAsync(migrate: false, settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:BreakoutBot"] = connectionString,
        });
        await database.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
    }

    public ValueTask<IScheduler> ClusterSchedulerAsync() => Services.GetRequiredService<ClusterScheduler>().GetAsync();

    /// <summary>Stops the node as a shutdown does (its scheduler finishes running jobs and leaves the cluster).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await _host.StopAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
