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

    private static Task WriteUnreadableBodyAsync(HttpContext context, BadHttpRequestException error)
    {
        var (field, message) = error.InnerException is JsonException unknown && UnknownMember(unknown) is { } member
            ? (member, $"'{member}' is not a field of this request (check its spelling against the API reference).")
            : error.InnerException is JsonException json
            ? (FieldOf(json.Path), json.Path is { Length: > 1 } path
                ? $"The value at {path} (line {json.LineNumber + 1}) has the wrong type or form for this field{Expected(json.Message)}."
                : $"The request body is not valid JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine}).")
            : ParameterOf(error.Message) is { } parameter
                ? (parameter.Name, $"The value '{parameter.Value}' is not valid for the parameter '{parameter.Name}'.")
                : ("body", error.Message);
        context.Response.StatusCode = error.StatusCode;
        return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid request",
            statusCode: error.StatusCode).ExecuteAsync(context);
    }

    // What the field takes, from the serializer's message ("The JSON value could not be converted to System.String. Path: …"),
    // e.g. "; it takes a string", so a client sending [0.01, 0.02] for a comma-separated string learns which form to use.
    private static string Expected(string message)
    {
        var match = ConvertedTo().Match(message);
        if (!match.Success)
        {
            return "";
        }
        var type = match.Groups["type"].Value;
        var nullable = NullableOf().Match(type);
        if (nullable.Success)
        {
            type = nullable.Groups["inner"].Value;
        }
        if (type.Contains('`', StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal))
        {
            return "; it takes a list";
        }
        var kind = type switch
        {
            "System.String" => "a string",
            "System.Int16" or "System.Int32" or "System.Int64" => "a whole number",
            "System.Decimal" or "System.Double" or "System.Single" => "a number",
            "System.Boolean" => "true or false",
            "System.DateTimeOffset" or "System.DateTime" => "an ISO-8601 time such as 2026-01-31T00:00:00Z",
            _ => EnumValues(type),
        };
        return kind is null ? "" : "; it takes " + kind;
    }

    // One of an enum's names when the type is one of the portal's enums (the API reads them as strings).
    private static string? EnumValues(string typeName)
    {
        if (!typeName.StartsWith("BreakoutBot.", StringComparison.Ordinal))
        {
            return null;
        }
        var type = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("BreakoutBot.", StringComparison.Ordinal) == true)
            .Select(a => a.GetType(typeName, throwOnError: false))
            .FirstOrDefault(t => t is { IsEnum: true });
        return type is null ? null : "one of " + string.Join(", ", Enum.GetNames(type).Select(n => '"' + n + '"'));
    }

    [GeneratedRegex("""could not be converted to (?<type>\S+?)\.? Path:""")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("""^System\.Nullable`1\[(?<inner>[^\]]+)\]$""")]
    private static partial Regex NullableOf();

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
