using BreakoutBot.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Hosting;

/// <summary>
/// Enforces <see cref="TwoFactorOptions.RequiredFor"/>: a user signed in by the log-in cookie whose role requires
/// two-factor log-in and who has not turned it on reaches only the account pages. A page is redirected to the set-up page
/// (<c>/Account/TwoFactor</c>); anything else (the API with the cookie, the live-event hub, a form post) gets 403 saying
/// what to do. API tokens are their own credential and are not affected (ADR-012 point 6).
/// </summary>
public sealed class TwoFactorRequirement(RequestDelegate next, IOptions<TwoFactorOptions> options)
{
    public const string SetUpPath = "/Account/TwoFactor";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (options.Value.RequiredFor.Length == 0
            || user.Identity is not { IsAuthenticated: true, AuthenticationType: var scheme } || scheme != IdentityConstants.ApplicationScheme
            || TwoFactorClaimsPrincipalFactory.IsEnabled(user) || !options.Value.IsRequiredFor(user) || Exempt(context.Request.Path))
        {
            return next(context);
        }
        var request = context.Request;
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && !Api.ApiAuthentication.IsApi(request)
            && !request.Path.StartsWithSegments(Hubs.EngineHub.Path, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Redirect(SetUpPath);
            return Task.CompletedTask;
        }
        return Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Two-factor log-in required",
            detail: $"Your role requires two-factor log-in: turn it on at {SetUpPath}, then try again.").ExecuteAsync(context);
    }

    /// <summary>The account pages (set-up, log-out, log-in), what any page needs to load (scripts, styles, the circuit) and the probes.</summary>
    private static bool Exempt(PathString path) =>
        path.StartsWithSegments("/Account", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/_framework", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/_content", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase)
        || Monitoring.MonitoringEndpoints.IsProbeOrScrape(path)
        || Path.HasExtension(path.Value);
}
