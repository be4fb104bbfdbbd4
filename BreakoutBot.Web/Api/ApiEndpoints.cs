namespace BreakoutBot.Web.Api;

/// <summary>
/// The HTTP API: <c>/api/v1/…</c> and the original bot's routes under <c>/api/…</c>. Every route needs a signed-in
/// caller (cookie or personal access token; <see cref="ApiAuthentication.ReadPolicy"/>), every write the control scope
/// (<see cref="ApiAuthentication.ControlPolicy"/>), and each is rate-limited per token (<see cref="ApiRateLimiting"/>).
/// Role and ownership are checked by the same services the pages use.
/// </summary>
public static class ApiEndpoints
{
    public const string V1Prefix = "/api/v1";

    public static IEndpointRouteBuilder MapHttpApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var v1 = Secure(endpoints.MapGroup(V1Prefix));
        v1.MapEngineApi();
        v1.MapEngineCommandApi();
        v1.MapPresetApi();
        v1.MapHistoryApi();
        v1.MapBacktestApi();
        v1.MapSweepApi();
        Secure(endpoints.MapGroup("/api")).MapLegacyApi();
        return endpoints;
    }

    private static RouteGroupBuilder Secure(RouteGroupBuilder group) => group
        .RequireAuthorization(ApiAuthentication.ReadPolicy)
        .RequireRateLimiting(ApiRateLimiting.PolicyName)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
