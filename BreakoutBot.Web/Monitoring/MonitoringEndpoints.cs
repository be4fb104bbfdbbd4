using BreakoutBot.Infrastructure.Monitoring;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Prometheus;

namespace BreakoutBot.Web.Monitoring;

public static class MonitoringEndpoints
{
    public const string MetricsPath = "/metrics";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>Liveness's older address, kept for existing probes.</summary>
    public const string LegacyHealthPath = "/health";

    /// <summary><c>/health</c>, <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c>: called by probes and the scraper, never by a person.</summary>
    public static bool IsProbeOrScrape(PathString path) =>
        path.Equals(LegacyHealthPath) || path.Equals(LivePath) || path.Equals(ReadyPath) || path.Equals(MetricsPath);

    /// <summary>The Prometheus text exposition format (0.0.4), which the registry writes.</summary>
    private const string PrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// <c>/metrics</c> (Prometheus text, for a scraper with the token or from an allowed network), liveness at
    /// <c>/health/live</c> and <c>/health</c> (the process answers; no check runs) and readiness at <c>/health/ready</c>
    /// (database, scheduler, exchange, data freshness; 503 when any is unhealthy). Health answers are anonymous.
    /// </summary>
    public static IEndpointRouteBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(MetricsPath, ScrapeAsync).AllowAnonymous().ExcludeFromDescription();
        var live = new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportJson.WriteAsync };
        endpoints.MapHealthChecks(LivePath, live).AllowAnonymous();
        endpoints.MapHealthChecks(LegacyHealthPath, live).AllowAnonymous();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(MonitoringServiceCollectionExtensions.ReadyTag),
            ResponseWriter = HealthReportJson.WriteAsync,
        }).AllowAnonymous();
        return endpoints;
    }

    private static async Task ScrapeAsync(HttpContext context, ScrapeAccess access)
    {
        var decision = access.Decide(context.Request.Headers.Authorization.ToString(), context.Connection.RemoteIpAddress);
        context.Response.Headers.CacheControl = "no-store";
        if (decision != ScrapeDecision.Allowed)
        {
            // A body of our own, so the status-code pages do not turn the refusal into an HTML page.
            context.Response.StatusCode = decision == ScrapeDecision.Unauthenticated ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            if (decision == ScrapeDecision.Unauthenticated)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
            }
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(decision == ScrapeDecision.Unauthenticated
                ? "Scraping /metrics needs the configured bearer token (Metrics:ScrapeToken).\n"
                : "Scraping /metrics is allowed only from the networks in Metrics:AllowedNetworks (and no token is configured).\n", context.RequestAborted);
            return;
        }
        context.Response.ContentType = PrometheusTextContentType;
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
    }
}
