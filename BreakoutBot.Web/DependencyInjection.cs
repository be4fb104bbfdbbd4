using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Web.Api;
using BreakoutBot.Web.Components.Account;
using BreakoutBot.Web.Components.Pages.Engines.Components;
using BreakoutBot.Web.Endpoints;
using BreakoutBot.Web.Monitoring;
using BreakoutBot.Web.Hubs;
using MudBlazor.Services;

namespace BreakoutBot.Web;

public static class DependencyInjection
{
    /// <summary>UI services: Razor components with interactive server rendering and MudBlazor.</summary>
    public static IServiceCollection AddWebServices(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<BreakoutBot.Web.Components.Layout.TopBar>();
        services.AddAccountUi();
        services.AddLogInRateLimiting();
        services.AddHttpApi();
        services.AddWebMonitoring();
        services.AddEnginePush();
        // How decimals are written in the API's JSON and the live-push payloads, for both at once.
        services.AddPortalJsonOutput();
        // A remote engine's market chart: drawn by the node that runs it, asked for by the others (ADR-021).
        services.AddSingleton<IEngineChartSource, EngineChartSource>();
        services.AddSingleton<RemoteMarketCharts>();
        return services;
    }
}
