using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace BreakoutBot.Web.Api;

/// <summary>
/// Cookie or token: the portal's default scheme becomes <see cref="SchemeName"/>, which uses the token handler when the
/// request carries <c>Authorization: Bearer</c> on a path that takes tokens (<see cref="AcceptsTokens"/>) and the
/// Identity cookie otherwise, so the browser keeps working and the
/// API accepts both. Under <c>/api</c> a cookie challenge answers 401 (and a denial 403) instead of redirecting to the
/// log-in page. Policies <see cref="ReadPolicy"/> and <see cref="ControlPolicy"/> add the token scope to the role checks.
/// </summary>
public static class ApiAuthentication
{
    public const string SchemeName = "BearerOrCookie";
    public const string ReadPolicy = "api.read";
    public const string ControlPolicy = "api.control";

    public static IServiceCollection AddApiAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, _ => { })
            .AddPolicyScheme(SchemeName, "Bearer token or Identity cookie", options =>
                options.ForwardDefaultSelector = context => TryGetBearer(context.Request, out _) && AcceptsTokens(context.Request)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme);
        services.Configure<AuthenticationOptions>(options => options.DefaultScheme = SchemeName);
        services.ConfigureApplicationCookie(options =>
        {
            var toLogin = options.Events.OnRedirectToLogin;
            var toDenied = options.Events.OnRedirectToAccessDenied;
            options.Events.OnRedirectToLogin = context =>
            {
                if (!IsApi(context.Request))
                {
                    return toLogin(context);
                }
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Status(context.Response, StatusCodes.Status401Unauthorized);
            };
            options.Events.OnRedirectToAccessDenied = context => IsApi(context.Request) ? Status(context.Response, StatusCodes.Status403Forbidden) : toDenied(context);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(ControlPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => ApiClaims.MayCommand(context.User)));
        return services;
    }

    /// <summary>True for the HTTP API's paths (<c>/api/…</c>), where errors are ProblemDetails and nothing redirects.</summary>
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True where a personal access token signs the caller in: the API, the live-event hub and the API's documentation.
    /// Elsewhere (the pages, their interactive circuit, the job dashboard) only the browser's session does: a page has no
    /// token scope to check, so a read token there would act with its owner's full role.
    /// </summary>
    public static bool AcceptsTokens(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path;
        return IsApi(request)
            || path.StartsWithSegments(Hubs.EngineHub.Path, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(ApiDocumentation.DocumentPath, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(ApiDocumentation.ReferencePath, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header, if there is one.</summary>
    public static bool TryGetBearer(HttpRequest request, out string token)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7)
        {
            token = header[7..].Trim();
            return token.Length > 0;
        }
        token = "";
        return false;
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
