using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Infrastructure.History;

namespace BreakoutBot.Web.Api;

/// <summary>
/// <c>/api/v1/history/{trades|orders|signals|transitions}</c>: stored history, newest first, paged
/// (<c>page</c>, <c>pageSize</c> up to 500) and filtered (<c>engine</c>, <c>symbol</c>, <c>state</c>, <c>from</c>,
/// <c>to</c> as ISO-8601 UTC); only rows of engines the caller may see, as on the history page. <c>/history/equity</c>:
/// one engine's stored equity for a chart.
/// </summary>
public static class HistoryApi
{
    public static RouteGroupBuilder MapHistoryApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var history = api.MapGroup("/history").WithTags("History");
        history.MapGet("/trades", (HttpContext http, HistoryQueries q, ClaimsPrincipal user, CancellationToken ct) =>
            QueryAsync(http, filter => q.TradesAsync(user, filter, ct))).WithName("ListTrades").WithSummary("Closed and open trades").Produces<HistoryPage<TradeRow>>();
        history.MapGet("/orders", (HttpContext http, HistoryQueries q, ClaimsPrincipal user, CancellationToken ct) =>
            QueryAsync(http, filter => q.OrdersAsync(user, filter, ct))).WithName("ListOrders").WithSummary("Orders").Produces<HistoryPage<OrderRow>>();
        history.MapGet("/signals", (HttpContext http, HistoryQueries q, ClaimsPrincipal user, CancellationToken ct) =>
            QueryAsync(http, filter => q.SignalsAsync(user, filter, ct))).WithName("ListSignals").WithSummary("Signals").Produces<HistoryPage<SignalRow>>();
        history.MapGet("/transitions", (HttpContext http, HistoryQueries q, ClaimsPrincipal user, CancellationToken ct) =>
            QueryAsync(http, filter => q.TransitionsAsync(user, filter, ct))).WithName("ListTransitions").WithSummary("State transitions").Produces<HistoryPage<TransitionRow>>();
        history.MapGet("/equity", EquityAsync).WithName("GetEquityHistory")
            .WithSummary("An engine's stored equity over time, thinned for a chart (the figures are over every sample)")
            .Produces<EquityHistory>().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>
    /// <c>/history/equity?engine=…</c> with <c>from</c>, <c>to</c> and <c>points</c> (10 to 5,000; 1,000 by default):
    /// one engine's stored equity, oldest first; 404 for an engine the caller may not see or that does not exist.
    /// </summary>
    private static async Task<IResult> EquityAsync(HttpContext http, HistoryQueries q, ClaimsPrincipal user, CancellationToken ct)
    {
        var query = http.Request.Query;
        var errors = new List<(string, string)>();
        var engine = query["engine"].ToString().Trim();
        if (engine.Length == 0)
        {
            errors.Add(("engine", "'engine' is required: equity is stored per engine (GET /api/v1/engines lists yours)."));
        }
        var (from, to) = Range(query, errors);
        var points = Number(query["points"].ToString(), "points", HistoryQueries.MinEquityPoints, HistoryQueries.MaxEquityPoints, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var history = await q.EquityAsync(HistoryScope.For(user), engine, from, to, points ?? HistoryQueries.DefaultEquityPoints, ct);
        return history is null
            ? ApiProblems.NotFound($"No engine '{engine}' that you may see.")
            : TypedResults.Ok(history);
    }

    private static async Task<IResult> QueryAsync<T>(HttpContext http, Func<HistoryFilter, Task<HistoryPage<T>>> query)
    {
        var q = http.Request.Query;
        var errors = new List<(string, string)>();
        var (from, to) = Range(q, errors);
        var page = Number(q["page"].ToString(), "page", 1, int.MaxValue, errors);
        var pageSize = Number(q["pageSize"].ToString(), "pageSize", 1, HistoryFilter.MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var filter = new HistoryFilter
        {
            EngineId = q["engine"].ToString(),
            Symbol = q["symbol"].ToString(),
            State = q["state"].ToString(),
            From = from,
            To = to,
            Page = page ?? 1,
            PageSize = pageSize ?? HistoryFilter.DefaultPageSize,
        };
        try
        {
            return TypedResults.Ok(await query(filter));
        }
        catch (ArgumentException ex)
        {
            return ApiProblems.Invalid("state", ex.Message);
        }
    }

    private static (DateTimeOffset? From, DateTimeOffset? To) Range(IQueryCollection q, List<(string, string)> errors)
    {
        var from = Time(q["from"].ToString(), "from", errors);
        var to = Time(q["to"].ToString(), "to", errors);
        if (from is { } start && to is { } end && end <= start)
        {
            // An empty answer would read as "nothing happened then"; the range itself is wrong ('from' inclusive, 'to' exclusive).
            errors.Add(("to", string.Create(CultureInfo.InvariantCulture,
                $"'to' ({end.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}) must be after 'from' ({start.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}); 'from' is inclusive, 'to' exclusive.")));
        }
        return (from, to);
    }

    private static DateTimeOffset? Time(string text, string field, List<(string, string)> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (UtcTimeJsonConverter.TryParse(text, out var time))
        {
            return time;
        }
        errors.Add((field, $"'{field}' must be an ISO-8601 time, e.g. 2026-01-31T00:00:00Z."));
        return null;
    }

    private static int? Number(string text, string field, int min, int max, List<(string, string)> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }
        errors.Add((field, string.Create(CultureInfo.InvariantCulture, $"'{field}' must be a whole number from {min} to {max}.")));
        return null;
    }
}
