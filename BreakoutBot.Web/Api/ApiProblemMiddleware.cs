using Microsoft.AspNetCore.Diagnostics;

namespace BreakoutBot.Web.Api;

/// <summary>
/// Under <c>/api</c>, every error answer is <c>application/problem+json</c>: an error status left without a body (401 and
/// 403 from authentication, 404 for an unknown route, 405) gets a ProblemDetails body, and the portal's HTML
/// status-code pages are switched off for the request.
/// </summary>
public sealed class ApiProblemMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problems);
        if (!ApiAuthentication.IsApi(context.Request))
        {
            await next(context);
            return;
        }
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        await next(context);
        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = response.StatusCode,
                    Detail = DetailFor(response.StatusCode),
                },
            });
        }
    }

    private static string? DetailFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Sign in, or send a valid personal access token as 'Authorization: Bearer bbt_…'.",
        StatusCodes.Status403Forbidden => "Your role, your token's scope or the resource's owner does not allow this.",
        StatusCodes.Status404NotFound => "There is no such API route.",
        StatusCodes.Status405MethodNotAllowed => "This route does not accept that HTTP method.",
        _ => null,
    };
}
