using System.Security.Claims;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Presets;
using Microsoft.AspNetCore.Mvc;

namespace BreakoutBot.Web.Api;

/// <summary>
/// <c>POST /api/v1/engines/{id}/commands/{command}</c> for start, stop, pause, resume, reload, emergency-stop,
/// kill-switch and reset: control scope, the engine's owner or an Admin; 409 with the engine's reason when the state
/// refuses; 202 when a start or resume on live OKX data continues in the background (audit-logged when done).
/// </summary>
public static class EngineCommandApi
{
    public static RouteGroupBuilder MapEngineCommandApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var commands = api.MapGroup("/engines/{id}/commands").WithTags("Engine commands").RequireAuthorization(ApiAuthentication.ControlPolicy);
        commands.MapPost("/start", StartAsync).WithName("StartEngine").WithSummary("Start trading with a preset (default: the engine's own)")
            .Produces<CommandResultDto>().Produces<CommandResultDto>(StatusCodes.Status202Accepted).ProducesValidationProblem();
        foreach (var command in ApiCommandNames.All.Where(c => c != EngineCommand.Start))
        {
            var name = ApiCommandNames.Name(command);
            commands.MapPost("/" + name, (string id, EngineCommandService service, ClaimsPrincipal user) => RunAsync(service, user, id, command, null))
                .WithName(PascalName(command) + "Engine").WithSummary($"Send {name}")
                .Produces<CommandResultDto>().Produces<CommandResultDto>(StatusCodes.Status202Accepted);
        }
        return api;
    }

    private static async Task<IResult> StartAsync(string id, [FromBody] StartEngineRequest? request, EngineCommandService service, EngineRegistry registry, RemoteEngineStatusCache remote, IPresetStore presets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (registry.Get(id) is null && remote.Get(id) is { } far)
        {
            return await StartRemoteAsync(far, request, service, presets, user, cancellationToken);
        }
        return ApiEngines.Find(registry, user, id, out var handle, out _) ?? await StartOnAsync(handle, request, service, presets, user, cancellationToken);
    }

    /// <summary>
    /// Starts an engine another cluster node runs (ADR-021): the same checks from what its owner node published, then the
    /// service authorises it against the stored owner and queues it for that node (ADR-020).
    /// </summary>
    private static Task<IResult> StartRemoteAsync(RemoteEngineStatus far, StartEngineRequest? request, EngineCommandService service, IPresetStore presets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        StartCheckedAsync(far.EngineId, far.Engine.Name, far.Engine.Mode, EngineCommandService.AccessFor(user, far.OwnerId), request, service, presets, user, cancellationToken);

    /// <summary>
    /// Starts <paramref name="handle"/>: checks the preset exists and the mode (if given) is the engine's, then runs the
    /// command. A caller who does not control the engine gets the service's (audit-logged) refusal before anything else.
    /// </summary>
    public static Task<IResult> StartOnAsync(EngineHandle handle, StartEngineRequest? request, EngineCommandService service, IPresetStore presets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return StartCheckedAsync(handle.Id, handle.Name, handle.Options.Mode, EngineCommandService.AccessFor(user, handle), request, service, presets, user, cancellationToken);
    }

    // One start rule for an engine on this node and one on another: a caller who does not control the engine gets the
    // service's (audit-logged) refusal first; then the preset must exist and the mode, if given, be the engine's.
    private static async Task<IResult> StartCheckedAsync(string engineId, string name, TradingMode engineMode, EngineAccess access, StartEngineRequest? request, EngineCommandService service, IPresetStore presets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presets);
        if (access != EngineAccess.Control)
        {
            return await RunAsync(service, user, engineId, EngineCommand.Start, null);
        }
        var preset = string.IsNullOrWhiteSpace(request?.Preset) ? null : request.Preset.Trim();
        if (preset is not null && await presets.GetLatestAsync(preset, cancellationToken) is null)
        {
            return ApiProblems.Invalid("preset", $"There is no preset '{preset}'.");
        }
        if (!string.IsNullOrWhiteSpace(request?.Mode))
        {
            if (!TryParseMode(request.Mode, out var mode))
            {
                return ApiProblems.Invalid("mode", "The mode must be paper, demo or live.");
            }
            if (mode != engineMode)
            {
                return ApiProblems.Conflict($"Engine '{name}' trades in {engineMode} mode, set when it was created; create another engine for {mode}.");
            }
        }
        return await RunAsync(service, user, engineId, EngineCommand.Start, preset);
    }

    /// <summary>Runs one command through the engine command service (role, owner and audit log are its) and maps the outcome.</summary>
    public static async Task<IResult> RunAsync(EngineCommandService service, ClaimsPrincipal user, string id, EngineCommand command, string? preset)
    {
        ArgumentNullException.ThrowIfNull(service);
        var outcome = await service.SubmitAsync(user, id, command, preset);
        return ApiProblems.FromOutcome(outcome, o => CommandResultDto.From(command, o));
    }

    public static bool TryParseMode(string text, out TradingMode mode)
    {
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "paper":
                mode = TradingMode.Paper;
                return true;
            case "demo" or "livedemo" or "live-demo":
                mode = TradingMode.LiveDemo;
                return true;
            case "live":
                mode = TradingMode.Live;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    private static string PascalName(EngineCommand command) => command.ToString();
}
