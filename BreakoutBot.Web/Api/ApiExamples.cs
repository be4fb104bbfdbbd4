using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace BreakoutBot.Web.Api;

/// <summary>Examples in the OpenAPI document: request bodies of the main writes and every error response's ProblemDetails.</summary>
internal static class ApiExamples
{
    private static readonly Dictionary<string, Func<JsonNode>> Requests = new(StringComparer.Ordinal)
    {
        ["StartEngine"] = () => new JsonObject { ["preset"] = "breakout_v1", ["mode"] = "paper" },
        ["LegacyEngineStart"] = () => new JsonObject { ["preset"] = "breakout_v1", ["mode"] = "paper" },
        ["CreateEngine"] = () => new JsonObject { ["name"] = "my paper engine", ["preset"] = "breakout_v1", ["startingBalance"] = 10000, ["barIntervalMs"] = 1000 },
        ["CreatePreset"] = () => new JsonObject { ["name"] = "my_breakout", ["from"] = "breakout_v1" },
        ["LegacyEngineCommand"] = () => new JsonObject { ["command"] = "pause" },
        ["StartBacktest"] = () => new JsonObject { ["presetName"] = "breakout_v1", ["dataSource"] = "Generated", ["generatedBars"] = 6000, ["startingBalance"] = 10000 },
    };

    private static readonly Dictionary<string, (string Title, string Detail)> Errors = new(StringComparer.Ordinal)
    {
        ["400"] = ("Invalid request", "One or more validation errors occurred."),
        ["401"] = ("Unauthorized", "Sign in, or send a valid personal access token as 'Authorization: Bearer bbt_…'."),
        ["403"] = ("Forbidden", "Your role, your token's scope or the resource's owner does not allow this."),
        ["404"] = ("Not found", "No engine 'e1ab12cd'."),
        ["409"] = ("Refused in the current state", "Cannot pause from idle."),
        ["429"] = ("Too many requests", "This token's rate limit is reached; retry in 1 s."),
    };

    public static void Apply(OpenApiOperation operation, IList<object> metadata)
    {
        var name = metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName;
        if (name is not null && Requests.TryGetValue(name, out var example) && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values.OfType<OpenApiMediaType>())
            {
                media.Example = example();
            }
        }
        if (operation.Responses is null)
        {
            return;
        }
        foreach (var (status, response) in operation.Responses)
        {
            if (Errors.TryGetValue(status, out var error) && response.Content is { } bodies)
            {
                foreach (var media in bodies.Values.OfType<OpenApiMediaType>())
                {
                    var problem = ApiDocumentation.ProblemExample(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), error.Title, error.Detail);
                    if (status == "400")
                    {
                        problem["errors"] = new JsonObject { ["name"] = new JsonArray("Give the engine a name of 1 to 64 characters.") };
                    }
                    media.Example = problem;
                }
            }
        }
    }
}
