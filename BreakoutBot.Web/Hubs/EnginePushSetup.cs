using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Hubs;

/// <summary>Registers and maps the live engine push (ADR-017): SignalR, the hub's subscriptions, and how the hub reads a token.</summary>
public static class EnginePushSetup
{
    /// <summary>The query-string parameter a WebSocket client (which cannot set headers) passes its bearer token in.</summary>
    public const string AccessTokenParameter = "access_token";

    public static IServiceCollection AddEnginePush(this IServiceCollection services)
    {
        services.AddSignalR();
        // Registered after SignalR's own JSON protocol, so the hubs' "json" is this one (the last of a name is used).
        services.AddSingleton<IHubProtocol>(sp => new HubRefusalProtocol(new JsonHubProtocol(sp.GetRequiredService<IOptions<JsonHubProtocolOptions>>())));
        services.AddSingleton<EngineHubSubscriptions>();
        services.TryAddSingleton(new EnginePushMode(ThroughGroups: false));
        // A hub client is not a browser: anonymous or forbidden gets 401/403, not a redirect to the log-in page.
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, HubCookieAnswers>();
        return services;
    }

    /// <summary>
    /// For <see cref="EngineHub.Path"/> only: a request without an <c>Authorization</c> header that carries
    /// <c>?access_token=…</c> gets it as <c>Authorization: Bearer …</c>, so whichever bearer scheme the portal has
    /// authenticates WebSocket and server-sent-event clients too. Call before <c>UseAuthentication</c>.
    /// </summary>
    public static IApplicationBuilder UseHubAccessToken(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(EngineHub.Path)
                && !context.Request.Headers.ContainsKey("Authorization")
                && context.Request.Query.TryGetValue(AccessTokenParameter, out var token)
                && !string.IsNullOrWhiteSpace(token.ToString()))
            {
                context.Request.Headers.Authorization = "Bearer " + token.ToString();
            }
            return next(context);
        });

    public static IEndpointRouteBuilder MapEnginePush(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<EngineHub>(EngineHub.Path);
        return endpoints;
    }

    private sealed class HubCookieAnswers : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options)
        {
            if (name != IdentityConstants.ApplicationScheme)
            {
                return;
            }
            var toLogin = options.Events.OnRedirectToLogin;
            var denied = options.Events.OnRedirectToAccessDenied;
            options.Events.OnRedirectToLogin = context => IsHub(context.Request) ? Answer(context.HttpContext, StatusCodes.Status401Unauthorized) : toLogin(context);
            options.Events.OnRedirectToAccessDenied = context => IsHub(context.Request) ? Answer(context.HttpContext, StatusCodes.Status403Forbidden) : denied(context);
        }

        private static bool IsHub(HttpRequest request) => request.Path.StartsWithSegments(EngineHub.Path);

        private static Task Answer(HttpContext context, int status)
        {
            context.Response.StatusCode = status;
            // The bare status for the client, not the portal's "not found" page re-executed in its place.
            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
            return Task.CompletedTask;
        }
    }
}
