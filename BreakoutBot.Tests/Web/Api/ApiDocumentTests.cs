using System.Net;
using BreakoutBot.Tests.TestSupport;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>The OpenAPI document parses, lists every API route with its errors as ProblemDetails, declares the Bearer scheme, and describes decimals as numbers.</summary>
public sealed class ApiDocumentTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDocumentParsesAndListsEveryApiRouteAndTheBearerScheme()
    {
        using var response = await portal.Factory.ApiClient(null).GetAsync("/openapi/v1.json", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var stream = await response.Content.ReadAsStreamAsync(Ct);

        var read = await OpenApiDocument.LoadAsync(stream, "json", cancellationToken: Ct);

        read.Diagnostic!.Errors.ShouldBeEmpty();
        var document = read.Document!;
        document.Components!.SecuritySchemes!.ShouldContainKey("Bearer");
        var documented = document.Paths.SelectMany(p => p.Value.Operations!.Select(o => o.Key.ToString().ToUpperInvariant() + " " + p.Key)).ToHashSet();
        var mapped = portal.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => m + " " + Normalise(e.RoutePattern.RawText!)))
            .ToHashSet();
        mapped.Except(documented).ShouldBeEmpty();
        var status = document.Paths["/api/v1/engines/{id}/status"].Operations![HttpMethod.Get];
        status.Responses!.Keys.ShouldContain("401");
        status.Responses["401"].Content!.Keys.ShouldContain("application/problem+json");
        status.Responses["404"].Content!["application/problem+json"].Example.ShouldNotBeNull();
    }

    [Fact]
    public async Task DecimalsAreDescribedAsNumbers()
    {
        using var response = await portal.Factory.ApiClient(null).GetAsync("/openapi/v1.json", Ct);
        await using var stream = await response.Content.ReadAsStreamAsync(Ct);
        var schemas = (await OpenApiDocument.LoadAsync(stream, "json", cancellationToken: Ct)).Document!.Components!.Schemas!;

        var equity = schemas["EngineStatusDto"].Properties!["equity"];
        var startingBalance = schemas["CreateEngineRequest"].Properties!["startingBalance"];

        equity.Type.ShouldNotBeNull();
        equity.Type.Value.HasFlag(JsonSchemaType.Number).ShouldBeTrue();
        startingBalance.Type.ShouldNotBeNull();
        startingBalance.Type.Value.HasFlag(JsonSchemaType.Number).ShouldBeTrue();
        startingBalance.Type.Value.HasFlag(JsonSchemaType.Null).ShouldBeTrue();
        var overrides = schemas["BacktestSummary"].Properties!["overrides"].AdditionalProperties;
        overrides.ShouldNotBeNull("a backtest's overrides are a dictionary of numbers");
        overrides.Type!.Value.HasFlag(JsonSchemaType.Number).ShouldBeTrue();
    }

    private static string Normalise(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern.TrimEnd('/'), @"\{(\w+):\w+\}", "{$1}");

    [Fact]
    public async Task TheInteractiveReferenceIsServed()
    {
        using var response = await portal.Factory.ApiClient(null).GetAsync("/scalar/", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync(Ct);
        page.ShouldContain("BreakoutBot API");
        page.ShouldContain("openapi", Case.Insensitive);
    }
}
