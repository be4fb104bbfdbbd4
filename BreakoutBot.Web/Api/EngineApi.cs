using System.Security.Claims;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.History;
using BreakoutBot.Infrastructure.Presets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BreakoutBot.Web.Api;

/// <summary>
/// <c>/api/v1/engines</c>: list, create and delete engines, and each engine's status (from the 2 s status cache),
/// positions, orders, signals, last scan, transitions, equity and the commands the caller may send now.
/// </summary>
public static class EngineApi
{
    public static RouteGroupBuilder MapEngineApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var engines = api.MapGroup("/engines").WithTags("Engines");
        engines.MapGet("/", List).WithName("ListEngines").WithSummary("Engines the caller may see");
        engines.MapPost("/", CreateAsync).RequireAuthorization(ApiAuthentication.ControlPolicy)
            .WithName("CreateEngine").WithSummary("Create an engine on the generated market or on live OKX data (Trader, Admin)")
            .Produces<EngineSummaryDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        engines.MapDelete("/{id}", Delete).RequireAuthorization(ApiAuthentication.ControlPolicy)
            .WithName("DeleteEngine").WithSummary("Remove a stopped engine (owner, Admin)");

        var one = engines.MapGroup("/{id}");
        one.MapGet("/status", Status).WithName("GetEngineStatus").WithSummary("The cached status snapshot (refreshed every 2 s and after every cycle and command)")
            .Produces<EngineStatusDto>();
        one.MapGet("/positions", Positions).WithName("GetEnginePositions").WithSummary("Open positions").Produces<IReadOnlyList<PositionSummary>>();
        one.MapGet("/orders", OrdersAsync).WithName("GetEngineOrders").WithSummary("The engine's stored orders, newest first (paged)");
        one.MapGet("/signals", Signals).WithName("GetEngineSignals").WithSummary("Recent signals and what became of them");
        one.MapGet("/scan", Scan).WithName("GetEngineScan").WithSummary("The last scan with its funnel").Produces<ScanDto>();
        one.MapGet("/transitions", Transitions).WithName("GetEngineTransitions").WithSummary("Recent state transitions").Produces<IReadOnlyList<StateTransition>>();
        one.MapGet("/equity", Equity).WithName("GetEngineEquity").WithSummary("Recent equity, one sample per market bar").Produces<IReadOnlyList<EquitySample>>();
        one.MapGet("/commands", Commands).WithName("GetEngineCommands").WithSummary("The commands the caller may send now").Produces<CommandsDto>();
        return api;
    }

    /// <summary>This node's engines, then (in a cluster) those other nodes run, each with its node (ADR-021).</summary>
    private static Ok<List<EngineSummaryDto>> List(EngineRegistry registry, RemoteEngineStatusCache remote, ClaimsPrincipal user) =>
        TypedResults.Ok(registry.ListAll()
            .Select(h => (Handle: h, Access: EngineCommandService.AccessFor(user, h)))
            .Where(e => e.Access != EngineAccess.None)
            .Select(e => EngineSummaryDto.From(e.Handle, e.Access))
            .Concat(remote.List()
                .Select(r => (Remote: r, Access: EngineCommandService.AccessFor(user, r.OwnerId)))
                .Where(r => r.Access != EngineAccess.None)
                .Select(r => EngineSummaryDto.From(r.Remote, r.Access)))
            .ToList());

    private static async Task<IResult> CreateAsync(CreateEngineRequest request, EngineCommandService commands, IPresetStore presets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!EngineCommandService.CanCreate(user))
        {
            return ApiProblems.Forbidden("Only Traders and Admins may create engines.");
        }
        var defaults = new EngineCreateOptions();
        var options = defaults with
        {
            StartingBalance = request.StartingBalance ?? defaults.StartingBalance,
            BarIntervalMs = request.BarIntervalMs ?? defaults.BarIntervalMs,
            Seed = request.Seed ?? defaults.Seed,
            Instruments = request.Instruments ?? defaults.Instruments,
            Bars = request.Bars ?? defaults.Bars,
            WarmupBars = request.WarmupBars ?? defaults.WarmupBars,
            MaxInstruments = request.MaxInstruments ?? defaults.MaxInstruments,
            KeySetId = request.KeySetId,
        };
        var errors = new List<(string, string)>();
        options = WithMarket(request, options, errors);
        if (EngineCommandService.NameProblem(request.Name) is { } nameProblem)
        {
            errors.Add(("name", nameProblem));
        }
        if (string.IsNullOrWhiteSpace(request.Preset))
        {
            errors.Add(("preset", "Choose a preset."));
        }
        else if (await presets.GetLatestAsync(request.Preset.Trim(), cancellationToken) is null)
        {
            errors.Add(("preset", $"There is no preset '{request.Preset.Trim()}'."));
        }
        errors.AddRange(ApiFieldNames.DataAnnotationErrors(options));
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var (outcome, handle) = await commands.CreateAsync(user, request.Name!.Trim(), request.Preset!.Trim(), options, cancellationToken);
        if (handle is null)
        {
            return outcome.Status == EngineCommandStatus.Failed ? ApiProblems.Unavailable(outcome.Message) : ApiProblems.FromOutcome(outcome, o => o);
        }
        return TypedResults.Created($"/api/v1/engines/{handle.Id}", EngineSummaryDto.From(handle, EngineAccess.Control));
    }

    /// <summary>The market source and trading mode asked for (default: replay, paper); a bad or inconsistent one is an error naming its field.</summary>
    private static EngineCreateOptions WithMarket(CreateEngineRequest request, EngineCreateOptions options, List<(string, string)> errors)
    {
        var source = MarketSource.Replay;
        switch ((request.Source ?? "replay").Trim().ToLowerInvariant())
        {
            case "replay":
                break;
            case "okx":
                source = MarketSource.OkxLive;
                break;
            default:
                errors.Add(("source", "The source must be replay (the bundled market) or okx (live OKX data)."));
                break;
        }
        var mode = TradingMode.Paper;
        if (!string.IsNullOrWhiteSpace(request.Mode) && !EngineCommandApi.TryParseMode(request.Mode, out mode))
        {
            errors.Add(("mode", "The mode must be paper, demo or live."));
        }
        else if (mode != TradingMode.Paper && source != MarketSource.OkxLive)
        {
            errors.Add(("mode", $"Mode {mode} trades on OKX and needs source okx, not a replay."));
        }
        else if (mode != TradingMode.Paper && request.KeySetId is null)
        {
            errors.Add(("keySetId", $"Mode {mode} needs one of your OKX key sets."));
        }
        return options with { Source = source, Mode = mode };
    }

    private static async Task<IResult> Delete(string id, EngineCommandService commands, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await commands.RemoveAsync(user, id, cancellationToken);
        return outcome.Status == EngineCommandStatus.Done ? TypedResults.NoContent() : ApiProblems.FromOutcome(outcome, o => o);
    }

    private static IResult Status(string id, EngineRegistry registry, RemoteEngineStatusCache remote, ApiStatusCache cache, ClaimsPrincipal user) =>
        ApiEngines.FindStatus(registry, remote, user, id, out var status) ?? cache.Ok(status);

    private static IResult Positions(string id, EngineRegistry registry, RemoteEngineStatusCache remote, ClaimsPrincipal user) =>
        ApiEngines.FindStatus(registry, remote, user, id, out var status) ?? TypedResults.Ok(status.Positions);

    private static async Task<IResult> OrdersAsync(string id, EngineRegistry registry, HistoryQueries history, ClaimsPrincipal user, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (ApiEngines.Find(registry, user, id, out _, out _) is { } problem)
        {
            return problem;
        }
        if (ApiPaging.Check(page, pageSize) is { } invalid)
        {
            return invalid;
        }
        var filter = new HistoryFilter { EngineId = id, Page = page ?? 1, PageSize = pageSize ?? HistoryFilter.DefaultPageSize };
        return TypedResults.Ok(await history.OrdersAsync(user, filter, cancellationToken));
    }

    private static IResult Signals(string id, EngineRegistry registry, ClaimsPrincipal user) =>
        ApiEngines.Find(registry, user, id, out var handle, out _) ?? TypedResults.Ok(handle.Engine.Signals.History.Reverse().Take(100).ToList());

    private static IResult Scan(string id, EngineRegistry registry, ClaimsPrincipal user)
    {
        if (ApiEngines.Find(registry, user, id, out var handle, out _) is { } problem)
        {
            return problem;
        }
        var status = handle.Status;
        return TypedResults.Ok(new ScanDto(handle.Id, handle.Engine.LastScan, status.LastScanFunnel, status.Funnel));
    }

    private static IResult Transitions(string id, EngineRegistry registry, RemoteEngineStatusCache remote, ClaimsPrincipal user) =>
        ApiEngines.FindStatus(registry, remote, user, id, out var status) ?? TypedResults.Ok(status.RecentTransitions);

    private static IResult Equity(string id, EngineRegistry registry, ClaimsPrincipal user) =>
        ApiEngines.Find(registry, user, id, out var handle, out _) ?? TypedResults.Ok(handle.EquityCurve);

    private static IResult Commands(string id, EngineRegistry registry, ClaimsPrincipal user) =>
        ApiEngines.Find(registry, user, id, out var handle, out _)
            ?? TypedResults.Ok(new CommandsDto(handle.Id, handle.Status.StateName, ApiEngines.CommandsFor(user, handle).Select(ApiCommandNames.Name).ToList()));
}
