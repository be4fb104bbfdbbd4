using BreakoutBot.Infrastructure.History;
using BreakoutBot.Infrastructure.Monitoring;
using BreakoutBot.Infrastructure.Persistence;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Infrastructure.Jobs;

public static class HistoryServiceCollectionExtensions
{
    /// <summary>The Hangfire dashboard's path.</summary>
    public const string DashboardPath = "/hangfire";

    /// <summary>
    /// History read models (<see cref="HistoryQueries"/>, <see cref="AuditLogQueries"/>), Hangfire (in-memory storage, or
    /// PostgreSQL storage when <c>Database:Provider=Postgres</c>) with its server, the export/import/retention jobs and
    /// their <see cref="JobRunLog"/>, and the <see cref="ResourceMonitor"/>.
    /// </summary>
    public static IServiceCollection AddHistoryAndJobs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<HistoryQueries>();
        services.AddSingleton<Journal.DecisionJournalQueries>();
        services.AddSingleton<AuditLogQueries>();

        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobFolders>();
        services.AddSingleton<JobRunLog>();
        services.AddTransient<HistoryExportJob>();
        services.AddTransient<CandleImportJob>();
        services.AddTransient<RetentionJob>();
        services.AddSingleton<BackgroundJobs>();
        services.AddSingleton<ExportQuota>();
        services.AddSingleton<DataSets.DataSetService>();
        services.AddSingleton<Backtests.BacktestData>();
        services.AddSingleton<Backtests.BacktestService>();
        services.AddSingleton<Backtests.SweepService>();
        services.AddSingleton<Backtests.BacktestExplainer>();
        services.AddTransient<Backtests.BacktestJob>();
        services.AddHostedService<Backtests.BacktestRecovery>();
        services.AddSingleton(sp => new Backtests.BacktestActivity(
            Environment.ProcessorCount, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>().Value.BacktestScanAhead));
        services.AddSingleton<Backtests.BacktestNotifier>();
        services.AddSingleton(_ => new Backtests.RecentReports());
        services.AddSingleton<Backtests.BacktestWarmUpSource>();
        services.AddSingleton<DataSets.DataSetReadySignal>();
        services.AddSingleton<Backtests.DataSetPreparation>();
        services.AddHostedService(sp => sp.GetRequiredService<Backtests.DataSetPreparation>());
        services.AddHostedService<Backtests.BacktestWarmUp>();
        services.AddSingleton(sp => new Exchanges.Okx.MarketData.OkxHistoryClient(new Exchanges.Okx.Rest.OkxRestClient(
            sp.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient(Exchanges.Okx.MarketData.OkxServiceCollectionExtensions.HttpClientName),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Exchanges.Okx.OkxOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Exchanges.Okx.Rest.OkxRestClient>>())));
        services.AddSingleton<DataSets.OkxInstrumentSuggestions>();
        services.AddTransient<DataSets.DataSetDownloadJob>();
        services.AddHostedService<DataSets.DataSetDownloadRecovery>();

        services.AddJobStorageAndServers(configuration);
        services.AddHostedService<RecurringJobsRegistrar>();

        services.AddOptions<ResourceMonitorOptions>().BindConfiguration(ResourceMonitorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ResourceMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ResourceMonitor>());
        return services;
    }

    /// <summary>The Hangfire dashboard at <see cref="DashboardPath"/>, for Admins only.</summary>
    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints)
    {
        return endpoints.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new HangfireDashboardAuthorizationFilter()],
            AppPath = "/admin/health",
            DashboardTitle = "BreakoutBot jobs",
        });
    }
}
