using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Engines.Push;
using BreakoutBot.Infrastructure.Exchanges.Okx.Live;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Hosting;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Monitoring;
using BreakoutBot.Infrastructure.Monitoring.Metrics;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Infrastructure.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace BreakoutBot.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Adapters and the trading engines: the clock, the engine registry with its default paper engine, and scheduling.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddPersistence(configuration);
        services.AddPresets();
        AddTradingEngine(services);
        services.AddIdentityStores(configuration);
        AddScheduling(services);
        services.AddHistoryAndJobs(configuration);
        services.AddOkxKeys();
        services.AddApiTokens();
        services.AddOkx(configuration);
        // Engines on live OKX data: market data, WebSocket feed, and the owner's key set for demo or live trading.
        services.AddSingleton<ILiveMarketFactory, OkxLiveMarketFactory>();
        services.AddMonitoring();
        // Several nodes on one PostgreSQL database (ADR-019); a no-op beyond its validation on a single node.
        services.AddCluster(configuration);
        return services;
    }

    private static void AddTradingEngine(IServiceCollection services)
    {
        services.AddOptions<DemoEngineOptions>()
            .BindConfiguration(DemoEngineOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Fallbacks until persistence registers the real ones.
        services.TryAddSingleton<IEngineEventSink, NullEngineEventSink>();
        services.TryAddSingleton<IAuditLog, LoggingAuditLog>();
        // Live push (ADR-017): the registry forwards every engine's events and status changes to it.
        services.AddSingleton<EngineEventBroadcaster>();
        services.AddSingleton<EngineRegistry>();
        services.AddSingleton<EngineCommandService>();
        // Stored engines come back before the default engine is created (hosted services start in this order).
        services.AddSingleton<EngineInstanceStore>();
        services.AddSingleton<EngineRestorer>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineRestorer>());
        // Cluster nodes: engine leases, fencing and fail-over (ADR-020); inert on a single node.
        services.AddEngineLeases();
        services.AddSingleton<DemoEngineHost>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoEngineHost>());
    }

    private static void AddScheduling(IServiceCollection services)
    {
        services.AddQuartz(q =>
        {
            q.AddJobListener<QuartzJobMetricsListener>();
            q.AddJob<StatusCacheRefreshJob>(j => j.WithIdentity(StatusCacheRefreshJob.Key));
            q.AddTrigger(t => t
                .ForJob(StatusCacheRefreshJob.Key)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(StatusCacheRefreshJob.Interval).RepeatForever()));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<EngineJobScheduler>();
    }
}
