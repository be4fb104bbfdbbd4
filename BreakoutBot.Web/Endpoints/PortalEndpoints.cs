using BreakoutBot.Web.Api;
using BreakoutBot.Web.Components.Pages.History;
using BreakoutBot.Web.Hubs;
using BreakoutBot.Web.Monitoring;

namespace BreakoutBot.Web.Endpoints;

/// <summary>Every endpoint the portal serves besides its pages: account, history exports, the HTTP API and its document, metrics and health, the engine hub.</summary>
public static class PortalEndpoints
{
    public static WebApplication MapPortalEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapAccountEndpoints();
        app.MapHistoryEndpoints();
        app.MapHttpApi();
        app.MapApiDocumentation();
        app.MapMonitoringEndpoints();
        app.MapEnginePush();
        return app;
    }
}
