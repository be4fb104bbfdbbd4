using BreakoutBot.Web.Monitoring;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Hosting;

/// <summary>
/// Headers, TLS and proxy handling (<see cref="WebSecurityOptions"/>). <c>AllowedHosts</c> (host filtering) is the
/// framework's own setting and is read from configuration as usual.
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
}
