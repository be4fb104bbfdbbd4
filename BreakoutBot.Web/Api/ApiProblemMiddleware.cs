using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace BreakoutBot.Web.Api;

/// <summary>
/// Under <c>/api</c>, every error answer is <c>application/problem+json</c>: an error status left without a body (401 and
/// 403 from authentication, 404 for an unknown route, 405) gets a ProblemDetails body, and the portal's HTML
/// status-code pages are switched off for the request. A body that is not JSON, or whose value has the wrong type
/// for a field (route handlers throw <see cref="BadHttpRequestException"/>, <c>ThrowOnBadRequest</c>), is a 400 naming
/// that field in <c>errors</c>, like any other validation error, as is a query or route value a parameter cannot take
/// (<c>?page=abc</c> under <c>errors.page</c>); outside <c>/api</c> it stays a plain 400.
/// </summary>
public sealed partial class ApiProblemMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problems);
        if (!ApiAuthentication.IsApi(context.Request))
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                context.Response.StatusCode = ex.StatusCode;
            }
            return;
        }
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await WriteUnreadableBodyAsync(context, ex);
            return;
        }
        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status405MethodNotAllowed && !response.HasStarted
            && !context.RequestServices.GetRequiredService<ApiRouteTable>().Matches(context.Request.Path))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.Headers.Allow = default;
        }
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

    private const string TakesAnObject =
        "This request takes a JSON object as its body (Content-Type: application/json); the API reference at /openapi/v1.json lists its fields.";

    private static Task WriteUnreadableBodyAsync(HttpContext context, BadHttpRequestException error)
    {
        var (field, message) = error.InnerException is JsonException unknown && UnknownMember(unknown) is { } member
            ? (member, $"'{member}' is not a field of this request (check its spelling against the API reference).")
            : error.InnerException is JsonException json
            ? IsSyntaxError(json) || json.Path is not { Length: > 1 }
                // Well-formed JSON that is not an object ([], "text", 5) fails at the root ($) without a syntax error.
                ? !IsSyntaxError(json) && json.Path == "$"
                    ? ("body", TakesAnObject)
                    : ("body", $"The request body is not valid JSON: it is incomplete or malformed at line {json.LineNumber + 1}, byte {json.BytePositionInLine}.")
                : (FieldOf(json.Path), $"The value at {json.Path} (line {json.LineNumber + 1}) has the wrong type or form for this field{Expected(json.Message, json.Path)}.")
            : MissingBody().IsMatch(error.Message)
                ? ("body", TakesAnObject)
            : ParameterOf(error.Message) is { } parameter
                ? (parameter.Name, $"The value '{parameter.Value}' is not valid for the parameter '{parameter.Name}'.")
                : ("body", error.Message);
        context.Response.StatusCode = error.StatusCode;
        return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid request",
            statusCode: error.StatusCode).ExecuteAsync(context);
    }

    // The reader's error (the serializer wraps it, keeping the reader's exception inside): a body cut off or broken
    // ({"bars": 1 with no closing brace) is not a field of the wrong type, although the serializer gives the path it had reached.
    private static bool IsSyntaxError(JsonException error) => error.InnerException is JsonException;

    // What the field takes, from the serializer's message ("The JSON value could not be converted to System.String. Path: …"),
    // e.g. "; it takes a string", so a client sending [0.01, 0.02] for a comma-separated string learns which form to use.
    // A record read through its constructor (CreateEngineRequest, …) is named instead of the field's type; the field's
    // type is then found from the path ($.startingBalance, $.base.generatedBars).
    private static string Expected(string message, string path)
    {
        var match = ConvertedTo().Match(message);
        if (!match.Success)
        {
            return "";
        }
        var name = match.Groups["type"].Value;
        var nullable = NullableOf().Match(name);
        if (nullable.Success)
        {
            name = nullable.Groups["inner"].Value;
        }
        if (name.Contains('`', StringComparison.Ordinal) || name.EndsWith("[]", StringComparison.Ordinal))
        {
            return "; it takes a list";
        }
        var type = Type.GetType(name, throwOnError: false) ?? PortalType(name);
        if (type is { IsClass: true } owner && owner != typeof(string))
        {
            type = FieldType(owner, path);
        }
        var kind = type is null ? null : Kind(type);
        return kind is null ? "" : "; it takes " + kind;
    }

    private static string? Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
        {
            return "a list";
        }
        return type switch
        {
            _ when type == typeof(string) => "a string",
            _ when type == typeof(short) || type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "an ISO-8601 time such as 2026-01-31T00:00:00Z",
            _ when type == typeof(Guid) => "an id such as \"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"",
            { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type).Select(n => '"' + n + '"')),
            _ => null,
        };
    }

    // The type of the member a JSON path ($.base.generatedBars, $.instruments[0]) leads to from the type the serializer
    // named, by the API's camelCase names. That type may be a nested request (base), so the path's tail is tried too.
    private static Type? FieldType(Type owner, string path)
    {
        var steps = path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries);
        for (var first = 0; first < steps.Length; first++)
        {
            if (Walk(owner, steps[first..]) is { } type)
            {
                return type;
            }
        }
        return null;
    }

    private static Type? Walk(Type owner, string[] steps)
    {
        Type? type = owner;
        foreach (var step in steps)
        {
            var bracket = step.IndexOf('[', StringComparison.Ordinal);
            var property = type?.GetProperty(bracket >= 0 ? step[..bracket] : step,
                System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            type = property?.PropertyType;
            if (bracket >= 0 && type is not null)
            {
                type = type.IsArray ? type.GetElementType() : type.IsGenericType ? type.GetGenericArguments()[0] : type;
            }
        }
        return type;
    }

    // One of the portal's own types by its full name (nested types with '+'), or null.
    private static Type? PortalType(string typeName) =>
        !typeName.StartsWith("BreakoutBot.", StringComparison.Ordinal) ? null : AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("BreakoutBot.", StringComparison.Ordinal) == true)
            .Select(a => a.GetType(typeName, throwOnError: false))
            .FirstOrDefault(t => t is not null);

    [GeneratedRegex("""could not be converted to (?<type>\S+?)\.? Path:""")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("""^System\.Nullable`1\[(?<inner>[^\]]+)\]$""")]
    private static partial Regex NullableOf();

    // No body, or the JSON null, where the route takes one (the framework's words are meant for the route's developer).
    [GeneratedRegex("""^(Implicit body inferred for parameter|Required parameter ".*" was not provided from body)""", RegexOptions.Singleline)]
    private static partial Regex MissingBody();

    // A member the request type does not have (UnmappedMemberHandling.Disallow), by its path ($.base.generatedBar is
    // base.generatedBar); the message says which ("The JSON property 'x' could not be mapped to any .NET member …").
    private static string? UnknownMember(JsonException error)
    {
        var match = UnmappedMember().Match(error.Message);
        if (!match.Success)
        {
            return null;
        }
        var field = FieldOf(error.Path);
        return field == "body" ? match.Groups["name"].Value : field;
    }

    [GeneratedRegex("""^The JSON property '(?<name>[^']*)' could not be mapped to any \.NET member""")]
    private static partial Regex UnmappedMember();

    // A query, route or header value the handler's parameter cannot take: ASP.NET Core names the parameter only in its
    // message ('Failed to bind parameter "int? page" from "abc".'), which is read here; anything else stays "body".
    private static (string Name, string Value)? ParameterOf(string message)
    {
        var match = FailedBinding().Match(message);
        return match.Success ? (match.Groups["name"].Value, match.Groups["value"].Value) : null;
    }

    [GeneratedRegex("""^Failed to bind parameter "[^"]+ (?<name>[A-Za-z_][A-Za-z0-9_]*)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex FailedBinding();

    // A JSON path such as $.base.generatedBars or $.values1[0] as the API's field name: base.generatedBars, values1.
    private static string FieldOf(string? path)
    {
        if (path is not { Length: > 2 } || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return "body";
        }
        var field = path[2..];
        var index = field.IndexOf('[', StringComparison.Ordinal);
        return index > 0 ? field[..index] : field;
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
