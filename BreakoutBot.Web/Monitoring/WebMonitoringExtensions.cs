using BreakoutBot.Infrastructure.Monitoring.Metrics;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace BreakoutBot.Web.Monitoring;

public static class WebMonitoringExtensions
{
    private static readonly Lock Gate = new();
    private static bool _exporterConfigured;

    /// <summary>The meters published (prefixes): ours, the runtime's, ASP.NET Core's (requests, Kestrel, SignalR), HttpClient's and EF Core's.</summary>
    private static readonly string[] ExportedMeters = [BotMetrics.MeterName, "System.Runtime", "Microsoft.AspNetCore.", "System.Net.Http", "Microsoft.EntityFrameworkCore"];

    /// <summary>Buckets of our duration histograms: 0.5 ms (a replay cycle) to 30 s (a slow OKX call or a backtest step).</summary>
    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>
    /// The scrape settings (<see cref="MetricsOptions"/>, validated at start), the access rule, the circuit counter, and
    /// prometheus-net's exporter of .NET meters (process-wide, set up once).
    /// </summary>
    public static IServiceCollection AddWebMonitoring(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton<ScrapeAccess>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitMetricsHandler>());
        ConfigureExporter();
        return services;
    }

    /// <summary>
    /// Publishes the .NET meters in <see cref="ExportedMeters"/> with the process metrics; the legacy event
    /// counters are left out (the runtime meter covers them). A series unchanged for a day is dropped (1 day is
    /// prometheus-net's longest), so a rare counter such as kill-switch firings stays visible between firings for a day.
    /// </summary>
    private static void ConfigureExporter()
    {
        lock (Gate)
        {
            if (_exporterConfigured)
            {
                return;
            }
            _exporterConfigured = true;
            Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true });
            Metrics.ConfigureMeterAdapter(o =>
            {
                o.MetricsExpireAfter = TimeSpan.FromDays(1);
                o.InstrumentFilterPredicate = instrument => ExportedMeters.Any(m => instrument.Meter.Name.StartsWith(m, StringComparison.Ordinal));
                var fallback = o.ResolveHistogramBuckets;
                o.ResolveHistogramBuckets = instrument => instrument.Meter.Name == BotMetrics.MeterName ? SecondsBuckets : fallback(instrument);
            });
        }
    }
}
