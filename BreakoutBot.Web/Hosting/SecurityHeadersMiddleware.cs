namespace BreakoutBot.Web.Hosting;

/// <summary>
/// Adds the browser security headers to every response (pages, static files, redirects, errors, the Hangfire
/// dashboard), and <c>Cache-Control: no-store</c> to file downloads (CSV exports) and the account pages (an authenticator
/// key, recovery codes), just before the response starts.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>
    /// The portal's policy. Blazor Server needs only same-origin scripts and a WebSocket back to the origin
    /// (<c>ws:</c>/<c>wss:</c>: some browsers do not count a WebSocket as <c>'self'</c>); MudBlazor sets inline styles.
    /// </summary>
    public static readonly string PortalPolicy = Policy(scriptSrc: "'self'", connectSrc: "'self' ws: wss:");

    // The portal's policy with the two directives the API reference page differs in: one place, so a change to the
    // portal's policy reaches that page too.
    private static string Policy(string scriptSrc, string connectSrc) =>
        $"default-src 'self'; script-src {scriptSrc}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        $"font-src 'self' data:; connect-src {connectSrc}; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>
    /// Hangfire's dashboard ships its own scripts and inline handlers, which a strict script policy would break; it is
    /// Admin-only, so it gets the framing, plug-in and base restrictions only.
    /// </summary>
    public const string DashboardPolicy = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

    /// <summary>
    /// The API reference page (<c>/scalar</c>, behind log-in outside Development) and its files: the portal's policy,
    /// except that the page's own inline module may run when it carries this response's nonce (Scalar writes a fresh one
    /// per request), and no WebSocket is needed.
    /// </summary>
    public static string ReferencePolicy(string? nonce) =>
        Policy(scriptSrc: string.IsNullOrEmpty(nonce) ? "'self'" : $"'self' 'nonce-{nonce}'", connectSrc: "'self'");

    private readonly RequestDelegate _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dashboard = context.Request.Path.StartsWithSegments(BreakoutBot.Infrastructure.Jobs.HistoryServiceCollectionExtensions.DashboardPath, StringComparison.OrdinalIgnoreCase);
        var reference = context.Request.Path.StartsWithSegments(Api.ApiDocumentation.ReferencePath, StringComparison.OrdinalIgnoreCase);
        var account = context.Request.Path.StartsWithSegments("/Account", StringComparison.OrdinalIgnoreCase);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.ContentSecurityPolicy = dashboard ? DashboardPolicy
                : reference ? ReferencePolicy(context.Items[Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey] as string)
                : PortalPolicy;
            if (account || IsDownload(context.Response))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return _next(context);
    }

    private static bool IsDownload(HttpResponse response)
    {
        var disposition = response.Headers.ContentDisposition.ToString();
        return disposition.StartsWith("attachment", StringComparison.OrdinalIgnoreCase)
            || (response.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) ?? false);
    }
}
