namespace BreakoutBot.Web.Api;

/// <summary>
/// Cross-site request forgery on the routes that take the browser's log-in cookie as well as tokens (the API's writes
/// and the live-event hub): such a request, when it carries no token, must come from the portal's own pages. The browser
/// says where a request comes from: <c>Sec-Fetch-Site</c> must be <c>same-origin</c> or <c>none</c>; where a browser does
/// not send it, an <c>Origin</c> must name the portal's own host. A request with neither (curl, scripts) passes, as does
/// one with <c>Authorization: Bearer</c>, which no other site can make a browser send. The cookie's
/// <c>SameSite=Lax</c> alone lets a page on a sibling subdomain post a command; this refuses it with 403 (ADR-015).
/// API reads stay open to any caller the cookie signs in (they change nothing); the hub is guarded on every method,
/// since its WebSocket is opened with a GET and streams the engines' data.
/// </summary>
public sealed class CrossOriginRequestGuard(RequestDelegate next, ILogger<CrossOriginRequestGuard> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!Guarded(request) || FromThePortal(request))
        {
            return next(context);
        }

        logger.LogWarning("Refused a cross-site {Method} {Path} signed in by the log-in cookie (Sec-Fetch-Site '{Site}', Origin '{Origin}')",
            request.Method, request.Path.Value, request.Headers["Sec-Fetch-Site"].ToString(), request.Headers.Origin.ToString());
        return Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Cross-site request refused",
            detail: "A request signed in by the portal's log-in cookie must come from the portal's own pages. "
                + "Another site or a script calls the API with a token: Authorization: Bearer bbt_….").ExecuteAsync(context);
    }

    /// <summary>A cookie-carrying request without a token to the hub (any method) or an API write.</summary>
    private static bool Guarded(HttpRequest request)
    {
        if (!request.Headers.ContainsKey("Cookie") || ApiAuthentication.TryGetBearer(request, out _))
        {
            return false;
        }
        if (request.Path.StartsWithSegments(Hubs.EngineHub.Path, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return ApiAuthentication.IsApi(request)
            && !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
    }

    private static bool FromThePortal(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) || site.Equals("none", StringComparison.OrdinalIgnoreCase);
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }
        // The host and port only: behind a proxy that ends TLS the portal may see http while the page was https.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && (request.Host.Port is { } port ? uri.Port == port : uri.IsDefaultPort);
    }
}
