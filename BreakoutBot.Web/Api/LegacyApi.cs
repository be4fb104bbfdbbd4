using System.Security.Claims;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.History;
using BreakoutBot.Infrastructure.Presets;
using Microsoft.AspNetCore.Mvc;

namespace BreakoutBot.Web.Api;

/// <summary>
/// The original bot's routes, kept so its clients keep working. They act on the caller's default engine
/// (<see cref="ApiEngines.DefaultFor"/>: the newest engine the caller owns, else the oldest one they may see) and answer
/// with this API's shapes, under the same authorisation, scopes, rate limit and ProblemDetails as <c>/api/v1</c>.
/// </summary>
public static class LegacyApi
{
    public static RouteGroupBuilder MapLegacyApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var engine = api.MapGroup("/engine").WithTags("Original routes (default engine)");
        engine.MapGet("/status", (EngineRegistry r, ApiStatusCache cache, ClaimsPrincipal u) => WithDefault(r, u, h => cache.Ok(h.Status)))
            .WithName("LegacyEngineStatus").WithSummary("Status of the caller's default engine").Produces<EngineStatusDto>();
        engine.MapGet("/commands", (EngineRegistry r, ClaimsPrincipal u) => WithDefault(r, u, h =>
                TypedResults.Ok(new CommandsDto(h.Id, h.Status.StateName, ApiEngines.CommandsFor(u, h).Select(ApiCommandNames.Name).ToList()))))
            .WithName("LegacyEngineCommands").WithSummary("Commands the caller may send to the default engine now").Produces<CommandsDto>();

        var commands = engine.MapGroup("").RequireAuthorization(ApiAuthentication.ControlPolicy);
        commands.MapPost("/start", (EngineRegistry r, EngineCommandService s, IPresetStore p, ClaimsPrincipal u, [FromBody] StartEngineRequest? body, CancellationToken ct) =>
                WithDefaultAsync(r, u, h => EngineCommandApi.StartOnAsync(h, body, s, p, u, ct)))
            .WithName("LegacyEngineStart").WithSummary("Start the default engine {preset, mode}").Produces<CommandResultDto>();
        foreach (var (path, command) in new (string, EngineCommand)[]
                 {
                     ("/stop", EngineCommand.Stop), ("/pause", EngineCommand.Pause), ("/resume", EngineCommand.Resume),
                     ("/reload", EngineCommand.Reload), ("/kill-switch", EngineCommand.KillSwitch), ("/panic-exit", EngineCommand.EmergencyStop),
                 })
        {
            commands.MapPost(path, (EngineRegistry r, EngineCommandService s, ClaimsPrincipal u) =>
                    WithDefaultAsync(r, u, h => EngineCommandApi.RunAsync(s, u, h.Id, command, null)))
                .WithName("LegacyEngine" + command).WithSummary($"Send {ApiCommandNames.Name(command)} to the default engine").Produces<CommandResultDto>();
        }
        commands.MapPost("/command", (EngineRegistry r, EngineCommandService s, ClaimsPrincipal u, LegacyCommandRequest body) =>
                ApiCommandNames.TryParse(body.Command, out var command)
                    ? WithDefaultAsync(r, u, h => EngineCommandApi.RunAsync(s, u, h.Id, command, null))
                    : Task.FromResult(ApiProblems.Invalid("command", "Unknown command; one of " + string.Join(", ", ApiCommandNames.All.Select(ApiCommandNames.Name)) + ".")))
            .WithName("LegacyEngineCommand").WithSummary("Send a command by name to the default engine").Produces<CommandResultDto>().ProducesValidationProblem();

        var trading = api.MapGroup("").WithTags("Original routes (default engine)");
        foreach (var path in new[] { "/trading/positions", "/positions" })
        {
            trading.MapGet(path, (EngineRegistry r, ClaimsPrincipal u) => WithDefault(r, u, h => TypedResults.Ok(h.Status.Positions)))
                .WithName("Legacy" + Name(path)).WithSummary("Open positions of the default engine").Produces<IReadOnlyList<PositionSummary>>();
        }
        foreach (var path in new[] { "/trading/orders", "/orders" })
        {
            trading.MapGet(path, (EngineRegistry r, HistoryQueries q, ClaimsPrincipal u, CancellationToken ct) =>
                    WithDefaultAsync(r, u, async h => (IResult)TypedResults.Ok((await q.OrdersAsync(u, new HistoryFilter { EngineId = h.Id, PageSize = 100 }, ct)).Items)))
                .WithName("Legacy" + Name(path)).WithSummary("Latest orders of the default engine").Produces<IReadOnlyList<OrderRow>>();
        }
        trading.MapGet("/scanner/last", (EngineRegistry r, ClaimsPrincipal u) =>
                WithDefault(r, u, h => TypedResults.Ok(new ScanDto(h.Id, h.Engine.LastScan, h.Status.LastScanFunnel, h.Status.Funnel))))
            .WithName("LegacyScannerLast").WithSummary("Last scan of the default engine").Produces<ScanDto>();
        trading.MapGet("/performance/equity", (EngineRegistry r, ClaimsPrincipal u) => WithDefault(r, u, h => TypedResults.Ok(h.EquityCurve)))
            .WithName("LegacyPerformanceEquity").WithSummary("Equity curve of the default engine").Produces<IReadOnlyList<EquitySample>>();
        trading.MapGet("/presets", async (IPresetStore p, CancellationToken ct) => TypedResults.Ok(await p.ListAsync(ct)))
            .WithName("LegacyPresets").WithSummary("Every preset").Produces<IReadOnlyList<PresetSummary>>();
        trading.MapGet("/presets/{name}", async (string name, IPresetStore p, CancellationToken ct) =>
                await p.GetLatestAsync(name, ct) is { } v ? TypedResults.Ok(PresetDto.From(v)) : ApiProblems.NotFound($"There is no preset '{name}'."))
            .WithName("LegacyPreset").WithSummary("The latest version of a preset").Produces<PresetDto>();
        return api;
    }

    private static string Name(string path) => string.Concat(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static IResult WithDefault(EngineRegistry registry, ClaimsPrincipal user, Func<EngineHandle, IResult> then) =>
        ApiEngines.DefaultFor(registry, user) is { } handle ? then(handle) : NoEngine();

    private static Task<IResult> WithDefaultAsync(EngineRegistry registry, ClaimsPrincipal user, Func<EngineHandle, Task<IResult>> then) =>
        ApiEngines.DefaultFor(registry, user) is { } handle ? then(handle) : Task.FromResult(NoEngine());

    private static IResult NoEngine() => ApiProblems.NotFound("You have no engine to act on: create one (POST /api/v1/engines) or ask an Admin.");
}

/// <summary>The original's <c>POST /api/engine/command</c> body.</summary>
public sealed record LegacyCommandRequest(string? Command);
