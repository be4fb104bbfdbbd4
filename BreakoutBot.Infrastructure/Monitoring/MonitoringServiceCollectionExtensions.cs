using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Monitoring.Health;
using BreakoutBot.Infrastructure.Monitoring.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BreakoutBot.Infrastructure.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    /// <summary>Tag of the readiness checks (<c>/health/ready</c>); liveness runs none.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Metrics and health (ADR-016): engine events counted on their way to the event sink (<see cref="EngineMetricsSink"/>),
    /// the collected-on-scrape measurements (<see cref="ObservedMetrics"/>), Hangfire job timing, and the readiness
    /// checks (database, scheduler, exchange, data freshness). Quartz job timing is added with the scheduler. Call after
    /// persistence has registered the real event sink.
    /// </summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        DecorateEventSink(services);
        services.AddSingleton<ObservedMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<ObservedMetrics>());
        HangfireJobMetricsFilter.Register();

        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5))
            .AddCheck<SchedulerHealthCheck>(SchedulerHealthCheck.Name, HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5))
            .AddCheck<ExchangeHealthCheck>(ExchangeHealthCheck.Name, HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<DataFreshnessHealthCheck>(DataFreshnessHealthCheck.Name, HealthStatus.Unhealthy, [ReadyTag]);
        return services;
    }

    /// <summary>Wraps the registered <see cref="IEngineEventSink"/> (the last one) in an <see cref="EngineMetricsSink"/>.</summary>
    private static void DecorateEventSink(IServiceCollection services)
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IEngineEventSink));
        if (inner is null)
        {
            return;
        }
        services.Remove(inner);
        services.AddSingleton<IEngineEventSink>(sp => new EngineMetricsSink(Build(sp, inner)));
    }

    private static IEngineEventSink Build(IServiceProvider services, ServiceDescriptor descriptor) => (IEngineEventSink)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
