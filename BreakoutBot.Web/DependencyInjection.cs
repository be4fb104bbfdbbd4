using BreakoutBot.Web.Api;
using BreakoutBot.Web.Components.Account;
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
        return services;
    }
}
