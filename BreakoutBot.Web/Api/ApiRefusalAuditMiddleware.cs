using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Engines;

namespace BreakoutBot.Web.Api;

/// <summary>
/// Under <c>/api</c>, every call refused to a signed-in caller is audit-logged, as the same attempt on a page is: a 403
/// (the role, the token's scope or the resource's owner does not allow it) and a 404 to a change (POST, PUT, PATCH,
/// DELETE: the API answers "no such X" for what the caller may not see). The entry names the caller, the method and the
/// path (never the query string) and the status with the token's scope, so probing through the API leaves a trace.
/// Anonymous calls (401) name nobody and are not audited; a service that refuses and audits on its own answers 409.
/// Runs after authentication and before authorisation, so the policies' refusals are seen too.
/// </summary>
public sealed class ApiRefusalAuditMiddleware(RequestDelegate next, IAuditLog audit)
{
    public const string Action = "api.refused";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await next(context);
        var request = context.Request;
        var status = context.Response.StatusCode;
        var user = context.User;
        if (!ApiAuthentication.IsApi(request) || user.Identity?.IsAuthenticated != true)
        {
            return;
        }
        var change = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);
        if (status == StatusCodes.Status403Forbidden || (status == StatusCodes.Status404NotFound && change))
        {
            var scope = user.FindFirst(ApiClaims.Scope)?.Value;
            var details = string.Create(CultureInfo.InvariantCulture, $"{status}; {(scope is null ? "browser session" : scope + " token")}");
            audit.Record(EngineCommandService.UserId(user), user.Identity.Name, Action, $"{request.Method} {request.PathBase}{request.Path}", details, success: false);
        }
    }
}
