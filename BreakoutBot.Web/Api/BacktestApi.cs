using System.Security.Claims;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.DataSets;

namespace BreakoutBot.Web.Api;

/// <summary>
/// <c>/api/v1/backtests</c> (list, get with report, start, cancel, delete) and <c>/api/v1/data-sets</c> (list, get, download
/// from OKX, cancel or resume a download, delete), through
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
        backtests.MapDelete("/{id:long}", DeleteAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("DeleteBacktest")
            .WithSummary("Delete a finished backtest and its results (owner, Admin)");

        var dataSets = api.MapGroup("/data-sets").WithTags("Data sets");
        dataSets.MapGet("/", (DataSetService sets, ClaimsPrincipal user, CancellationToken ct) => ListDataSetsAsync(sets, user, ct))
            .WithName("ListDataSets").WithSummary("Market data sets").Produces<IReadOnlyList<DataSetSummary>>();
        dataSets.MapGet("/{id:long}", GetDataSetAsync).WithName("GetDataSet").WithSummary("One data set").Produces<DataSetSummary>();
        dataSets.MapPost("/downloads", DownloadAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("DownloadDataSet")
            .WithSummary("Queue a download of OKX history candles and funding rates into a new data set (Trader, Admin)")
            .Produces<DataSetSummary>(StatusCodes.Status201Created).ProducesValidationProblem();
        dataSets.MapPost("/{id:long}/cancel", CancelDownloadAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("CancelDataSetDownload")
            .WithSummary("Cancel a queued or running download (owner, Admin)");
        dataSets.MapPost("/{id:long}/resume", ResumeDownloadAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("ResumeDataSetDownload")
            .WithSummary("Resume a cancelled or failed download from the files already on disk (owner, Admin)");
        dataSets.MapDelete("/{id:long}", DeleteDataSetAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("DeleteDataSet")
            .WithSummary("Delete a data set and its files (owner, Admin)");
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
            return ApiProblems.Invalid(result.Errors.Select(e => (ApiFieldNames.Camel(e.Field), e.Message)));
        }
        if (result.Id is not { } id)
        {
            return ApiProblems.Conflict(result.Refusal ?? "The backtest was not queued.");
        }
        var detail = await backtests.GetAsync(user, id, cancellationToken);
        return TypedResults.Created($"/api/v1/backtests/{id}", detail?.Summary);
    }

    private static async Task<IResult> CancelAsync(long id, BacktestService backtests, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await ApiProblems.ChangeAsync((await backtests.GetAsync(user, id, cancellationToken))?.Summary.CanControl,
            $"No backtest {id} that you may see.", "Only its owner or an Admin may cancel this backtest.", () => backtests.CancelAsync(user, id, cancellationToken));

    private static async Task<IResult> ListDataSetsAsync(DataSetService sets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sets.ListAsync(user, cancellationToken));

    private static async Task<IResult> GetDataSetAsync(long id, DataSetService sets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await sets.GetAsync(user, id, cancellationToken) is { } set ? TypedResults.Ok(set) : ApiProblems.NotFound($"No data set {id} that you may see.");

    private static async Task<IResult> DeleteAsync(long id, BacktestService backtests, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await ApiProblems.ChangeAsync((await backtests.GetAsync(user, id, cancellationToken))?.Summary.CanControl,
            $"No backtest {id} that you may see.", "Only its owner or an Admin may delete this backtest.", () => backtests.DeleteAsync(user, id, cancellationToken));

    /// <summary>The body of <c>POST /api/v1/data-sets/downloads</c>.</summary>
    public sealed record DataSetDownloadBody(string? Name, IReadOnlyList<string>? Instruments, DateTimeOffset? From, DateTimeOffset? To);

    private static async Task<IResult> DownloadAsync(DataSetDownloadBody body, DataSetService sets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!BacktestRuns.CanStart(user))
        {
            return ApiProblems.Forbidden("Only Traders and Admins may download data sets.");
        }
        var result = await sets.QueueDownloadAsync(user, body.Name, body.Instruments, body.From, body.To, cancellationToken);
        if (result.Errors.Count > 0)
        {
            return ApiProblems.Invalid(result.Errors.Select(e => (ApiFieldNames.Camel(e.Field), e.Message)));
        }
        if (result.Id is not { } id)
        {
            return ApiProblems.Conflict(result.Refusal ?? "The download was not queued.");
        }
        return TypedResults.Created($"/api/v1/data-sets/{id}", await sets.GetAsync(user, id, cancellationToken));
    }

    private static async Task<IResult> CancelDownloadAsync(long id, DataSetService sets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await ControlDataSetAsync(id, sets, user, "cancel this download", () => sets.CancelAsync(user, id, cancellationToken), cancellationToken);

    private static async Task<IResult> ResumeDownloadAsync(long id, DataSetService sets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await ControlDataSetAsync(id, sets, user, "resume this download", () => sets.ResumeAsync(user, id, cancellationToken), cancellationToken);

    private static async Task<IResult> DeleteDataSetAsync(long id, DataSetService sets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await ControlDataSetAsync(id, sets, user, "delete this data set", () => sets.DeleteAsync(user, id, cancellationToken), cancellationToken);

    private static async Task<IResult> ControlDataSetAsync(long id, DataSetService sets, ClaimsPrincipal user, string what, Func<Task<string?>> act, CancellationToken cancellationToken) =>
        await ApiProblems.ChangeAsync((await sets.GetAsync(user, id, cancellationToken))?.CanControl,
            $"No data set {id} that you may see.", $"Only its owner or an Admin may {what}.", act);
}
