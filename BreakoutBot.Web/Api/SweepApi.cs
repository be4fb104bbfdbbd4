using System.Security.Claims;
using BreakoutBot.Infrastructure.Backtests;

namespace BreakoutBot.Web.Api;

/// <summary>
/// <c>/api/v1/sweeps</c> (list, get with its runs, start, cancel) through <see cref="SweepService"/>, which the
/// sweep page uses too: same role and owner rules, every change audit-logged.
/// </summary>
public static class SweepApi
{
    /// <summary>A sweep and its runs (each run's report is read from <c>/api/v1/backtests/{id}</c>).</summary>
    public sealed record SweepDetail(SweepSummary Sweep, IReadOnlyList<BacktestSummary> Runs);

    public static RouteGroupBuilder MapSweepApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var sweeps = api.MapGroup("/sweeps").WithTags("Sweeps");
        sweeps.MapGet("/", ListAsync).WithName("ListSweeps").WithSummary("Sweeps the caller may see, newest first").Produces<IReadOnlyList<SweepSummary>>();
        sweeps.MapGet("/{id:long}", GetAsync).WithName("GetSweep").WithSummary("One sweep with its runs").Produces<SweepDetail>();
        sweeps.MapPost("/", StartAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("StartSweep")
            .WithSummary("Queue a sweep over one or two preset fields, up to 100 combinations (Trader, Admin)")
            .Produces<SweepDetail>(StatusCodes.Status201Created).ProducesValidationProblem();
        sweeps.MapPost("/{id:long}/cancel", CancelAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("CancelSweep")
            .WithSummary("Cancel every queued or running run of a sweep (owner, Admin)");
        return api;
    }

    private static async Task<IResult> ListAsync(SweepService sweeps, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sweeps.ListAsync(user, cancellationToken));

    private static async Task<IResult> GetAsync(long id, SweepService sweeps, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await sweeps.GetAsync(user, id, cancellationToken) is { } found
            ? TypedResults.Ok(new SweepDetail(found.Sweep, found.Runs))
            : ApiProblems.NotFound($"No sweep {id} that you may see.");

    private static async Task<IResult> StartAsync(SweepRequest request, SweepService sweeps, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!BacktestRuns.CanStart(user))
        {
            return ApiProblems.Forbidden("Only Traders and Admins may run sweeps.");
        }
        var result = await sweeps.QueueAsync(user, request, cancellationToken);
        if (result.Errors.Count > 0)
        {
            return ApiProblems.Invalid(result.Errors.Select(e => (FieldName(e.Field), e.Message)));
        }
        if (result.Id is not { } id)
        {
            return ApiProblems.Conflict(result.Refusal ?? "The sweep was not queued.");
        }
        var found = await sweeps.GetAsync(user, id, cancellationToken);
        return TypedResults.Created($"/api/v1/sweeps/{id}", found is { } f ? new SweepDetail(f.Sweep, f.Runs) : null);
    }

    /// <summary>The sweep's own fields by name, the backtest settings under <c>base.</c> (as the body nests them).</summary>
    private static string FieldName(string field) => field is nameof(SweepRequest.Base) or nameof(SweepRequest.Field1) or nameof(SweepRequest.Values1)
        or nameof(SweepRequest.Field2) or nameof(SweepRequest.Values2) or nameof(SweepRequest.TestFrom) or nameof(SweepRequest.TestTo)
        ? ApiFieldNames.Camel(field)
        : "base." + ApiFieldNames.Camel(field);

    private static async Task<IResult> CancelAsync(long id, SweepService sweeps, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await ApiProblems.ChangeAsync((await sweeps.GetAsync(user, id, cancellationToken))?.Sweep.CanControl,
            $"No sweep {id} that you may see.", "Only its owner or an Admin may cancel this sweep.", () => sweeps.CancelAsync(user, id, cancellationToken));
}
