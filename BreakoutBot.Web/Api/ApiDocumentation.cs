using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace BreakoutBot.Web.Api;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> (the API's routes only) with a Bearer security scheme, the
/// ProblemDetails error shapes and examples, and Scalar's interactive reference at <c>/scalar</c>. Both need a log-in
/// (cookie or token) outside Development.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "BreakoutBot API",
                    Version = "v1",
                    Description = "Engines, presets, history, backtests and data sets of a BreakoutBot portal. Authenticate with a personal "
                        + "access token (Authorization: Bearer bbt_…; create one at /account/tokens or with `token create`) or the portal's "
                        + "log-in cookie. Read routes need scope read or control; commands and writes need control. Errors are ProblemDetails.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "bbt_ personal access token",
                    Description = "A personal access token: bbt_ followed by 43 base64url characters.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
                return Task.CompletedTask;
            });
            // DecimalOutputJsonConverter (how the API writes decimals) hides decimal's type from the schema exporter (a
            // custom converter's schema is unknown: it wrote {} and {"format":"double"}), so decimals are described here as
            // before: a number, or a numeric string, which the API also reads.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                var type = context.JsonTypeInfo.Type;
                if (type == typeof(decimal) || type == typeof(decimal?))
                {
                    DescribeDecimal(schema, nullable: type == typeof(decimal?));
                }
                else if (context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Dictionary
                    && context.JsonTypeInfo.ElementType == typeof(decimal))
                {
                    // A dictionary of decimals (a backtest's overrides): its values.
                    var values = new OpenApiSchema();
                    DescribeDecimal(values, nullable: false);
                    schema.AdditionalProperties = values;
                }
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                ApiExamples.Apply(operation, context.Description.ActionDescriptor.EndpointMetadata);
                return Task.CompletedTask;
            });
        });
        return services;
    }

    private static void DescribeDecimal(OpenApiSchema schema, bool nullable)
    {
        schema.Type = JsonSchemaType.Number | JsonSchemaType.String | (nullable ? JsonSchemaType.Null : 0);
        schema.Format = "double";
        schema.Pattern = @"^-?(?:0|[1-9]\d*)(?:\.\d+)?$";
    }

    public static IEndpointRouteBuilder MapApiDocumentation(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var document = app.MapOpenApi(DocumentPath);
        var reference = app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("BreakoutBot API")
            .WithOpenApiRoutePattern(DocumentPath)
            .AddPreferredSecuritySchemes(BearerScheme)
            // A fresh nonce on the page's script tags per request, which SecurityHeadersMiddleware puts in the page's
            // script-src (the page starts Scalar with an inline module); the fonts come from the browser, not Scalar's CDN.
            .WithNonce()
            .DisableDefaultFonts());
        if (!app.Environment.IsDevelopment())
        {
            document.RequireAuthorization();
            reference.RequireAuthorization();
        }
        return app;
    }

    /// <summary>A ProblemDetails example for an error status.</summary>
    internal static JsonNode ProblemExample(int status, string title, string detail) => new JsonObject
    {
        ["type"] = "https://tools.ietf.org/html/rfc9110",
        ["title"] = title,
        ["status"] = status,
        ["detail"] = detail,
    };
}
