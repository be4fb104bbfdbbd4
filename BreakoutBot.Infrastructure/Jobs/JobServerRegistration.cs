using BreakoutBot.Infrastructure.Persistence;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>Hangfire's storage, configuration and servers for one host.</summary>
public static class JobServerRegistration
{
    /// <summary>
    /// Hangfire with in-memory storage, or PostgreSQL storage when <c>Database:Provider=Postgres</c>, its job activator on
    /// this host's container, and three servers: the default queue, <c>backtests</c> (a worker per core) and
    /// <c>downloads</c> (one worker).
    /// </summary>
    public static IServiceCollection AddJobStorageAndServers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var postgres = configuration.GetValue<DatabaseProvider>($"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}") == DatabaseProvider.Postgres;
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        // One storage and one job activator per host, registered before AddHangfire, which would otherwise register the static
        // JobStorage.Current and JobActivator.Current: the last host configured in a process would then activate every host's
        // jobs from its own container (with its database), as happened to tests that run several portals at once.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<JobStorage>(_ => postgres && !string.IsNullOrWhiteSpace(connectionString)
            ? new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions())
            : new InMemoryStorage());
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireHostLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())));
        var workers = Math.Clamp(configuration.GetValue<int?>($"{JobsOptions.SectionName}:{nameof(JobsOptions.WorkerCount)}") ?? 2, 1, 32);
        services.AddHangfireServer(o =>
        {
            o.WorkerCount = workers;
            o.ShutdownTimeout = TimeSpan.FromSeconds(5);
            o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        // Backtests have their own queue and workers (one per core), so a long replay never holds up exports or retention.
        services.AddHangfireServer(o =>
        {
            o.ServerName = "backtests-" + Environment.MachineName;
            o.Queues = [Backtests.BacktestJob.Queue];
            o.WorkerCount = Math.Max(1, Environment.ProcessorCount);
            o.ShutdownTimeout = TimeSpan.FromSeconds(5);
            o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        // Downloads from OKX have their own queue with one worker: they share OKX's per-IP limit, so one at a time is as fast.
        services.AddHangfireServer(o =>
        {
            o.ServerName = "downloads-" + Environment.MachineName;
            o.Queues = [DataSets.DataSetDownloadJob.Queue];
            o.WorkerCount = 1;
            o.ShutdownTimeout = TimeSpan.FromSeconds(5);
            o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        return services;
    }
}
