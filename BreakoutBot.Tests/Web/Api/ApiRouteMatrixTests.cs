using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// Every API route × every kind of caller: anonymous 401; a read token 403 on every write; the other Trader 403 on
/// the owner's engine and preset; the Viewer reads but never writes; owner and Admin are let through (2xx, or 409
/// when the engine's state or the data refuses). <see cref="TheMatrixCoversEveryApiRoute"/> keeps the table complete.
/// </summary>
public sealed class ApiRouteMatrixTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    /// <summary>Authorised: the request reached the service (a 2xx, or 409 when the state refuses).</summary>
    private const int Ok = 0;

    private static readonly int[] ReadAll = [200, 200, 200, 200, 200];
    private static readonly int[] OwnEngineRead = [200, 200, 403, 200, 200];
    /// <summary>Stored history of the owner's engine: another Trader is told there is no such engine they may see (404).</summary>
    private static readonly int[] OwnEngineHistory = [200, 200, 404, 200, 200];
    private static readonly int[] OwnEngineWrite = [Ok, 403, 403, 403, Ok];
    private static readonly int[] TraderWrite = [Ok, 403, Ok, 403, Ok];

    /// <summary>Method, route pattern as registered, expected status for OwnerControl, OwnerRead, OtherTrader, Viewer, Admin.</summary>
    public static TheoryData<string, string, int[]> Routes => new()
    {
        { "GET", "/api/v1/engines", ReadAll },
        { "POST", "/api/v1/engines", TraderWrite },
        { "DELETE", "/api/v1/engines/{id}", OwnEngineWrite },
        { "GET", "/api/v1/engines/{id}/status", OwnEngineRead },
        { "GET", "/api/v1/engines/{id}/positions", OwnEngineRead },
        { "GET", "/api/v1/engines/{id}/orders", OwnEngineRead },
        { "GET", "/api/v1/engines/{id}/signals", OwnEngineRead },
        { "GET", "/api/v1/engines/{id}/scan", OwnEngineRead },
        { "GET", "/api/v1/engines/{id}/transitions", OwnEngineRead },
        { "GET", "/api/v1/engines/{id}/equity", OwnEngineRead },
        { "GET", "/api/v1/engines/{id}/commands", OwnEngineRead },
        { "POST", "/api/v1/engines/{id}/commands/start", OwnEngineWrite },
        { "POST", "/api/v1/engines/{id}/commands/stop", OwnEngineWrite },
        { "POST", "/api/v1/engines/{id}/commands/pause", OwnEngineWrite },
        { "POST", "/api/v1/engines/{id}/commands/resume", OwnEngineWrite },
        { "POST", "/api/v1/engines/{id}/commands/reload", OwnEngineWrite },
        { "POST", "/api/v1/engines/{id}/commands/emergency-stop", OwnEngineWrite },
        { "POST", "/api/v1/engines/{id}/commands/kill-switch", OwnEngineWrite },
        { "POST", "/api/v1/engines/{id}/commands/reset", OwnEngineWrite },
        { "GET", "/api/v1/presets", ReadAll },
        { "GET", "/api/v1/presets/{name}", ReadAll },
        { "GET", "/api/v1/presets/{name}/versions", ReadAll },
        { "GET", "/api/v1/presets/{name}/versions/{version:int}", ReadAll },
        { "POST", "/api/v1/presets", TraderWrite },
        { "PUT", "/api/v1/presets/{name}", OwnEngineWrite },
        { "POST", "/api/v1/presets/{name}/versions/{version:int}/restore", OwnEngineWrite },
        { "DELETE", "/api/v1/presets/{name}", OwnEngineWrite },
        { "GET", "/api/v1/history/trades", ReadAll },
        { "GET", "/api/v1/history/orders", ReadAll },
        { "GET", "/api/v1/history/signals", ReadAll },
        { "GET", "/api/v1/history/transitions", ReadAll },
        { "GET", "/api/v1/history/equity", OwnEngineHistory },
        { "GET", "/api/v1/backtests", ReadAll },
        { "GET", "/api/v1/backtests/{id:long}", [200, 200, 404, 200, 200] },
        { "POST", "/api/v1/backtests", TraderWrite },
        { "POST", "/api/v1/backtests/{id:long}/cancel", [Ok, 403, 404, 403, Ok] },
        { "DELETE", "/api/v1/backtests/{id:long}", [Ok, 403, 404, 403, Ok] },
        { "GET", "/api/v1/data-sets", ReadAll },
        { "GET", "/api/v1/data-sets/{id:long}", ReadAll },
        { "POST", "/api/v1/data-sets/downloads", TraderWrite },
        { "POST", "/api/v1/data-sets/{id:long}/cancel", [Ok, 403, 403, 403, Ok] },
        { "POST", "/api/v1/data-sets/{id:long}/resume", [Ok, 403, 403, 403, Ok] },
        { "DELETE", "/api/v1/data-sets/{id:long}", [Ok, 403, 403, 403, Ok] },
        { "GET", "/api/v1/sweeps", ReadAll },
        { "GET", "/api/v1/sweeps/{id:long}", [200, 200, 404, 200, 200] },
        { "POST", "/api/v1/sweeps", TraderWrite },
        { "POST", "/api/v1/sweeps/{id:long}/cancel", [Ok, 403, 404, 403, Ok] },
        { "GET", "/api/engine/status", ReadAll },
        { "GET", "/api/engine/commands", ReadAll },
        { "POST", "/api/engine/start", TraderWrite },
        { "POST", "/api/engine/stop", TraderWrite },
        { "POST", "/api/engine/pause", TraderWrite },
        { "POST", "/api/engine/resume", TraderWrite },
        { "POST", "/api/engine/reload", TraderWrite },
        { "POST", "/api/engine/kill-switch", TraderWrite },
        { "POST", "/api/engine/panic-exit", TraderWrite },
        { "POST", "/api/engine/command", TraderWrite },
        { "GET", "/api/trading/positions", ReadAll },
        { "GET", "/api/positions", ReadAll },
        { "GET", "/api/trading/orders", ReadAll },
        { "GET", "/api/orders", ReadAll },
        { "GET", "/api/scanner/last", ReadAll },
        { "GET", "/api/performance/equity", ReadAll },
        { "GET", "/api/presets", ReadAll },
        { "GET", "/api/presets/{name}", ReadAll },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EachCallerGetsWhatTheirRoleOwnershipAndScopeAllow(string method, string pattern, int[] expected)
    {
        var callers = new[] { Caller.OwnerControl, Caller.OwnerRead, Caller.OtherTrader, Caller.Viewer, Caller.Admin };
        using (var anonymous = await SendAsync(Caller.Anonymous, method, pattern))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"anonymous {method} {pattern}");
            anonymous.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        }
        for (var i = 0; i < callers.Length; i++)
        {
            using var response = await SendAsync(callers[i], method, pattern);
            var status = (int)response.StatusCode;
            var because = $"{callers[i]} {method} {pattern}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}";
            if (expected[i] == Ok)
            {
                status.ShouldBeOneOf([200, 201, 202, 204, 409], because);
            }
            else
            {
                status.ShouldBe(expected[i], because);
            }
            if (status >= 400)
            {
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", because);
            }
        }
    }

    [Fact]
    public void TheMatrixCoversEveryApiRoute()
    {
        var mapped = portal.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => m + " " + e.RoutePattern.RawText!.TrimEnd('/')))
            .ToHashSet(StringComparer.Ordinal);
        var tested = Routes.Select(r => r.Data.Item1 + " " + r.Data.Item2).ToHashSet(StringComparer.Ordinal);

        mapped.Except(tested).ShouldBeEmpty("routes missing from the matrix");
        tested.Except(mapped).ShouldBeEmpty("matrix rows without a route");
        mapped.Count.ShouldBeGreaterThan(50);
    }

    /// <summary>
    /// Sends one request. Writes get their own resource for callers who may write (a new engine, preset or backtest), so
    /// that one caller's delete or stop never changes what the next one sees.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Caller caller, string method, string pattern)
    {
        var write = method != "GET";
        var engine = write ? portal.NewEngine(portal.OwnerId) : portal.Engine;
        var preset = write && pattern.StartsWith("/api/v1/presets/", StringComparison.Ordinal) ? await portal.NewPresetAsync() : ApiPortal.OwnerPreset;
        var id = pattern.Contains("/data-sets/", StringComparison.Ordinal) ? (write ? await portal.NewDataSetAsync() : portal.DataSet)
            : pattern.Contains("/sweeps/", StringComparison.Ordinal) ? (write ? await portal.NewSweepAsync() : portal.Sweep)
            : write ? await portal.NewBacktestAsync() : portal.Backtest;
        var path = pattern
            .Replace("{id}", engine, StringComparison.Ordinal)
            .Replace("{id:long}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{name}", preset, StringComparison.Ordinal)
            .Replace("{version:int}", "1", StringComparison.Ordinal)
            + (pattern == "/api/v1/history/equity" ? "?engine=" + engine : "");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (await BodyAsync(method, pattern, preset) is { } body)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        return await portal.Client(caller).SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<JsonNode?> BodyAsync(string method, string pattern, string preset)
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        return (method, pattern) switch
        {
            ("POST", "/api/v1/engines") => new JsonObject { ["name"] = "matrix " + unique, ["preset"] = "breakout_v1", ["bars"] = 500, ["instruments"] = 2, ["warmupBars"] = 0 },
            ("POST", "/api/v1/presets") => new JsonObject { ["name"] = "m_" + unique, ["from"] = "breakout_v1" },
            ("PUT", _) => await EditedPresetAsync(preset),
            ("POST", "/api/v1/backtests") => new JsonObject { ["presetName"] = "breakout_v1", ["generatedBars"] = 500, ["generatedInstruments"] = 2 },
            ("POST", "/api/v1/sweeps") => new JsonObject
            {
                ["base"] = new JsonObject { ["presetName"] = "breakout_v1", ["generatedBars"] = 500, ["generatedInstruments"] = 2 },
                ["field1"] = "risk.risk_per_trade",
                ["values1"] = "0.01, 0.02",
            },
            // A download that cannot reach OKX here: it is queued (201), and its job fails in the background with the reason.
            ("POST", "/api/v1/data-sets/downloads") => new JsonObject
            {
                ["name"] = "matrix " + unique,
                ["instruments"] = new JsonArray("BTC-USDT-SWAP"),
                ["from"] = DateTimeOffset.UtcNow.AddDays(-2).ToString("O"),
                ["to"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O"),
            },
            ("POST", "/api/engine/command") => new JsonObject { ["command"] = "pause" },
            ("POST", "/api/v1/engines/{id}/commands/start") or ("POST", "/api/engine/start") => new JsonObject { ["preset"] = "breakout_v1", ["mode"] = "paper" },
            _ => null,
        };
    }

    private async Task<JsonNode> EditedPresetAsync(string name)
    {
        var version = await portal.Factory.Services.GetRequiredService<IPresetStore>().GetLatestAsync(name, TestContext.Current.CancellationToken);
        var preset = JsonNode.Parse(version!.Json)!;
        preset["description"] = "edited " + Guid.NewGuid().ToString("N");
        return new JsonObject { ["preset"] = preset };
    }

    [Fact]
    public async Task ErrorsAreProblemDetailsWithStatusAndDetail()
    {
        using var response = await portal.Client(Caller.OwnerControl).GetAsync("/api/v1/engines/no-such-engine/status", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(404);
        problem.RootElement.GetProperty("detail").GetString().ShouldBe("No engine 'no-such-engine'.");
    }
}
