using BreakoutBot.Web.Monitoring;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Hosting;

/// <summary>
/// Headers, TLS and proxy handling (<see cref="WebSecurityOptions"/>). <c>AllowedHosts</c> is the framework's own setting
/// and its own middleware checks it, but on every path but the probes' and the scraper's: they call a node by its
/// container name or address (<c>node-a:8080</c>, a pod IP), which is no public host name, and answer nothing built from
/// the <c>Host</c> header. The framework's filter, which would run first on every path, is told to let all through.
/// </summary>
public static class WebSecurityExtensions
{
    public static WebApplicationBuilder AddWebSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<WebSecurityOptions>().BindConfiguration(WebSecurityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebSecurityOptions>, WebSecurityOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebSecurityOptions>>((forwarded, security) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; only what is configured is trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in security.Value.ParsedProxies())
            {
                forwarded.KnownProxies.Add(proxy);
            }
            foreach (var network in security.Value.ParsedNetworks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        services.PostConfigure<HostFilteringOptions>(framework => framework.AllowedHosts = ["*"]);
        services.AddOptions<HstsOptions>().Configure<IOptions<WebSecurityOptions>>((hsts, security) =>
            hsts.MaxAge = TimeSpan.FromDays(security.Value.HstsMaxAgeDays));
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<WebSecurityOptions>>((redirect, security) =>
            redirect.HttpsPort = security.Value.HttpsPort);
        return builder;
    }

    /// <summary>Call first after <c>Build()</c>: forwarded headers, security headers, then HSTS and HTTPS redirection.</summary>
    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var security = app.Services.GetRequiredService<IOptions<WebSecurityOptions>>().Value;
        var hosts = new PortalHostFilter(AllowedHosts(app.Configuration));
        app.UseWhen(context => !MonitoringEndpoints.IsProbeOrScrape(context.Request.Path),
            branch => branch.UseMiddleware<HostFilteringMiddleware>(hosts));
        // With no known proxy the middleware would believe every client, so it is only added when one is configured.
        if (security.TrustsAnyProxy)
        {
            app.UseForwardedHeaders();
        }
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (security.RequireHttps)
        {
            app.UseHsts();
            // Health probes and the Prometheus scraper call the node itself over plain HTTP: a redirect would send them
            // to the proxy's HTTPS port, and a probe that counts a 3xx as success would never see a 503 from readiness.
            app.UseWhen(context => !MonitoringEndpoints.IsProbeOrScrape(context.Request.Path), branch => branch.UseHttpsRedirection());
        }
        return app;
    }

    /// <summary><c>AllowedHosts</c> as the framework reads it: <c>;</c>-separated, none meaning all.</summary>
    private static HostFilteringOptions AllowedHosts(IConfiguration configuration)
    {
        var hosts = configuration["AllowedHosts"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        return new HostFilteringOptions { AllowedHosts = hosts.Length > 0 ? hosts : ["*"] };
    }

    /// <summary>The options of the portal's own host filter, fixed at start like the rest of the security settings.</summary>
    private sealed class PortalHostFilter(HostFilteringOptions options) : IOptionsMonitor<HostFilteringOptions>
    {
        public HostFilteringOptions CurrentValue => options;

        public HostFilteringOptions Get(string? name) => options;

        public IDisposable? OnChange(Action<HostFilteringOptions, string?> listener) => null;
    }
}
