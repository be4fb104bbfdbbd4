using System.Collections.Concurrent;
using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Engines;

namespace BreakoutBot.Web.Api;

/// <summary>
/// Under <c>/api</c>, a call refused to a signed-in caller is audit-logged, as the same attempt on a page is: a 403
/// (the role, the token's scope or the resource's owner does not allow it) and a 404 to a change (POST, PUT, PATCH,
/// DELETE: the API answers "no such X" for what the caller may not see), on a route the API has (an unknown path is not
/// an attempt on anything). The entry names the caller, the method and path (never the query string; cut to the audit
/// column) and the status with how the caller signed in. Where a service refused and audited under its own action
/// (an engine command, a preset), this is the HTTP view of the same refusal. One caller's refusals of one route are
/// recorded at most once per <see cref="Window"/>, so a script hammering a route cannot flood the audit queue and push
/// other entries out. Anonymous calls (401) name nobody and are not audited. Runs after authentication and before
/// authorisation, so the policies' refusals are seen too.
/// </summary>
public sealed class ApiRefusalAuditMiddleware(RequestDelegate next, IAuditLog audit, TimeProvider time)
{
    public const string Action = "api.refused";

    /// <summary>How long further refusals of the same caller and route go unrecorded after one is.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private const int MaxTargetLength = 2000;
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, long> _lastRecorded = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await next(context);
        var request = context.Request;
        var status = context.Response.StatusCode;
        var user = context.User;
        if (!ApiAuthentication.IsApi(request) || user.Identity?.IsAuthenticated != true || context.GetEndpoint() is not RouteEndpoint route)
        {
            return;
        }
        var change = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);
        if (status != StatusCodes.Status403Forbidden && !(status == StatusCodes.Status404NotFound && change))
        {
            return;
        }
        var userId = EngineCommandService.UserId(user);
        if (!FirstInWindow(userId + "|" + request.Method + " " + route.RoutePattern.RawText))
        {
            return;
        }
        var scope = user.FindFirst(ApiClaims.Scope)?.Value;
        var target = $"{request.Method} {request.PathBase}{request.Path}";
        var details = string.Create(CultureInfo.InvariantCulture, $"{status}; {(scope is null ? "browser session" : scope + " token")}");
        audit.Record(userId, user.Identity.Name, Action, target.Length <= MaxTargetLength ? target : target[..MaxTargetLength], details, success: false);
    }

    private bool FirstInWindow(string key)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (_lastRecorded.TryGetValue(key, out var last) && now - last < Window.Ticks)
        {
            return false;
        }
        if (_lastRecorded.Count >= MaxRemembered)
        {
            _lastRecorded.Clear();
        }
        _lastRecorded[key] = now;
        return true;
    }
}
