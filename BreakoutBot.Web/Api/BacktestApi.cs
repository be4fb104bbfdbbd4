using System.Security.Claims;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.DataSets;

namespace BreakoutBot.Web.Api;

/// <summary>
/// <c>/api/v1/backtests</c> (list, get with report, start, cancel) and <c>/api/v1/data-sets</c> (list, get), through
/// the services the pages use: they check role and owner and audit-log every change.
/// </summary>
public static class BacktestApi
{
    public static RouteGroupBuilder MapBacktestApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var backtests = api.MapGroup("/backtests").WithTags("Backtests");
        backtests.MapGet("/", ListAsync).WithName("ListBacktests").WithSummary("Backtests the caller may see, newest first").Produces<IReadOnlyList<BacktestSummary>>();
        backtests.MapGet("/{id:long}", GetAsync).WithName("GetBacktest").WithSummary("One backtest with its report").Produces<BacktestDetail>();
        backtests.MapPost("/", StartAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("StartBacktest")
            .WithSummary("Queue a backtest (Trader, Admin)").Produces<BacktestSummary>(StatusCodes.Status201Created).ProducesValidationProblem();
        backtests.MapPost("/{id:long}/cancel", CancelAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("CancelBacktest")
            .WithSummary("Cancel a queued or running backtest (owner, Admin)");

        var dataSets = api.MapGroup("/data-sets").WithTags("Data sets");
        dataSets.MapGet("/", (DataSetService sets, ClaimsPrincipal user, CancellationToken ct) => ListDataSetsAsync(sets, user, ct))
            .WithName("ListDataSets").WithSummary("Market data sets").Produces<IReadOnlyList<DataSetSummary>>();
        dataSets.MapGet("/{id:long}", GetDataSetAsync).WithName("GetDataSet").WithSummary("One data set").Produces<DataSetSummary>();
        return api;
    }

    private static async Task<IResult> ListAsync(BacktestService backtests, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await backtests.ListAsync(user, 100, cancellationToken));

    private static async Task<IResult> GetAsync(long id, BacktestService backtests, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await backtests.GetAsync(user, id, cancellationToken) is { } detail ? TypedResults.Ok(detail) : ApiProblems.NotFound($"No backtest {id} that you may see.");

    private static async Task<IResult> StartAsync(BacktestRequest request, BacktestService backtests, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!BacktestRuns.CanStart(user))
        {
            return ApiProblems.Forbidden("Only Traders and Admins may run backtests.");
        }
        var result = await backtests.QueueAsync(user, request, cancellationToken);
        if (result.Errors.Count > 0)
        {
            return ApiProblems.Invalid(result.Errors.Select(e => (char.ToLowerInvariant(e.Field[0]) + e.Field[1..], e.Message)));
        }
        if (result.Id is not { } id)
        {
            return ApiProblems.Conflict(result.Refusal ?? "The backtest was not queued.");
        }
        var detail = await backtests.GetAsync(user, id, cancellationToken);
        return TypedResults.Created($"/api/v1/backtests/{id}", detail?.Summary);
    }

    private static async Task<IResult> CancelAsync(long id, BacktestService backtests, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await backtests.GetAsync(user, id, cancellationToken) is not { } detail)
        {
            return ApiProblems.NotFound($"No backtest {id} that you may see.");
        }
        if (!detail.Summary.CanControl)
        {
            return ApiProblems.Forbidden("Only its owner or an Admin may cancel this backtest.");
        }
        var refusal = await backtests.CancelAsync(user, id, cancellationToken);
        return refusal is null ? TypedResults.NoContent() : ApiProblems.Conflict(refusal);
    }

    private static async Task<IResult> ListDataSetsAsync(DataSetService sets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sets.ListAsync(user, cancellationToken));

    private static async Task<IResult> GetDataSetAsync(long id, DataSetService sets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await sets.GetAsync(user, id, cancellationToken) is { } set ? TypedResults.Ok(set) : ApiProblems.NotFound($"No data set {id} that you may see.");
}
