using BreakoutBot.Infrastructure.Engines;

namespace BreakoutBot.Web.Api;

/// <summary>The API's error answers, all ProblemDetails (validation errors name the field in <c>errors</c>).</summary>
public static class ApiProblems
{
    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Refused in the current state");

    /// <summary>503 with <c>Retry-After</c>: the portal could not do it right now (its database could not store it); nothing changed.</summary>
    public static IResult Unavailable(string detail, int retryAfterSeconds = 5) =>
        new RetryAfterResult(TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not done: try again"), retryAfterSeconds);

    /// <summary>400 with each invalid field and its messages.</summary>
    public static IResult Invalid(IEnumerable<(string Field, string Message)> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            title: "Invalid request");

    public static IResult Invalid(string field, string message) => Invalid([(field, message)]);

    /// <summary>An engine service outcome as HTTP: 200/202 with the outcome, else 403, 404 or 409 with its message.</summary>
    public static IResult FromOutcome(EngineCommandOutcome outcome, Func<EngineCommandOutcome, object> body)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(body);
        return outcome.Status switch
        {
            EngineCommandStatus.Done => TypedResults.Ok(body(outcome)),
            EngineCommandStatus.Pending => TypedResults.Accepted((string?)null, body(outcome)),
            EngineCommandStatus.NotFound => NotFound(outcome.Message),
            EngineCommandStatus.Forbidden => Forbidden(outcome.Message),
            EngineCommandStatus.Refused => Conflict(outcome.Message),
            _ => TypedResults.Problem(outcome.Message, statusCode: StatusCodes.Status500InternalServerError, title: "Command failed"),
        };
    }

    /// <summary>
    /// A change to something the caller may or may not see: 404 when <paramref name="canControl"/> is null (nothing the caller may see), 403 when
    /// the caller may not change it, else the service's act: 204 when done, 409 with its reason when refused.
    /// </summary>
    public static async Task<IResult> ChangeAsync(bool? canControl, string notFound, string forbidden, Func<Task<string?>> act)
    {
        ArgumentNullException.ThrowIfNull(act);
        if (canControl is null)
        {
            return NotFound(notFound);
        }
        if (canControl == false)
        {
            return Forbidden(forbidden);
        }
        var refusal = await act();
        return refusal is null ? TypedResults.NoContent() : Conflict(refusal);
    }

    private sealed class RetryAfterResult(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
