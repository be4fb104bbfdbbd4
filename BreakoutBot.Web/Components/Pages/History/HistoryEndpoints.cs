using System.Globalization;
using System.Security.Claims;
using System.Text;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.History;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Web.Api;

namespace BreakoutBot.Web.Components.Pages.History;

/// <summary>
/// <c>GET /history/export?kind=trades|orders|signals|transitions&amp;engine=&amp;symbol=&amp;state=&amp;from=&amp;to=</c>
/// streams the filtered list as CSV to any signed-in user (rows limited to what they may see);
/// <c>GET /history/equity/export?engine=&amp;from=&amp;to=</c> streams one engine's stored equity samples to those who
/// may see the engine; <c>GET /history/exports/{run}/download</c> serves a data-folder export to its owner only; also maps the Admin-only
/// Hangfire dashboard.
/// </summary>
public static class HistoryEndpoints
{
    public const string ExportPath = "/history/export";

    public const string EquityExportPath = "/history/equity/export";

    /// <summary>Where the owner of a finished data-folder export downloads its file.</summary>
    public static string DownloadUrl(long runId) => "/history/exports/" + runId.ToString(CultureInfo.InvariantCulture) + "/download";

    public static IEndpointRouteBuilder MapHistoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(ExportPath, ExportAsync).RequireAuthorization();
        endpoints.MapGet(EquityExportPath, ExportEquityAsync).RequireAuthorization();
        endpoints.MapGet("/history/exports/{runId:long}/download", DownloadAsync).RequireAuthorization();
        endpoints.MapJobsDashboard();
        return endpoints;
    }

    /// <summary>The export URL for a kind and filters (paging left out), as the history page links to it.</summary>
    public static string ExportUrl(HistoryKind kind, HistoryFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new List<string> { "kind=" + kind.ToString().ToLowerInvariant() };
        Add(query, "engine", filter.EngineId);
        Add(query, "symbol", filter.Symbol);
        Add(query, "state", filter.State);
        Add(query, "from", filter.From?.ToString("O", CultureInfo.InvariantCulture));
        Add(query, "to", filter.To?.ToString("O", CultureInfo.InvariantCulture));
        return ExportPath + "?" + string.Join('&', query);
    }

    /// <summary>The equity export URL for an engine and a range, as the history page's Equity tab links to it.</summary>
    public static string EquityExportUrl(string engineId, DateTimeOffset? from, DateTimeOffset? to)
    {
        var query = new List<string>();
        Add(query, "engine", engineId);
        Add(query, "from", from?.ToString("O", CultureInfo.InvariantCulture));
        Add(query, "to", to?.ToString("O", CultureInfo.InvariantCulture));
        return EquityExportPath + "?" + string.Join('&', query);
    }

    private static void Add(List<string> query, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            query.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }

    private static async Task ExportAsync(HttpContext http, HistoryQueries queries, TimeProvider time, IAuditLog audit)
    {
        var q = http.Request.Query;
        if (!Enum.TryParse<HistoryKind>(q["kind"].ToString(), ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(q["kind"].ToString(), out _))
        {
            await BadRequestAsync(http, "kind must be one of: trades, orders, signals, transitions.");
            return;
        }
        if (RangeProblem(q["from"].ToString(), q["to"].ToString(), out var from, out var to) is { } problem)
        {
            await BadRequestAsync(http, problem);
            return;
        }
        var filter = new HistoryFilter
        {
            EngineId = q["engine"].ToString(),
            Symbol = q["symbol"].ToString(),
            State = q["state"].ToString(),
            From = from,
            To = to,
        };
        var scope = HistoryScope.For(http.User);
        try
        {
            await queries.CountAsync(scope, kind, filter, http.RequestAborted);
        }
        catch (ArgumentException ex)
        {
            await BadRequestAsync(http, ex.Message);
            return;
        }
        var name = string.Create(CultureInfo.InvariantCulture, $"{kind.ToString().ToLowerInvariant()}-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv");
        audit.Record(http.User.FindFirstValue(ClaimTypes.NameIdentifier), http.User.Identity?.Name, BackgroundJobs.ExportAction,
            kind.ToString().ToLowerInvariant(), "download of " + (scope.AllEngines ? "all engines" : "own engines"));
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
        await queries.ExportCsvAsync(scope, kind, filter, writer, null, http.RequestAborted);
    }

    /// <summary>
    /// Every stored equity sample of one engine in the range as CSV: 400 without an engine or with a bad time, 404 for an
    /// engine the caller may not see (or none with that id). Audit-logged as the other downloads.
    /// </summary>
    private static async Task ExportEquityAsync(HttpContext http, HistoryQueries queries, TimeProvider time, IAuditLog audit)
    {
        var q = http.Request.Query;
        var engine = q["engine"].ToString().Trim();
        if (engine.Length == 0)
        {
            await BadRequestAsync(http, "engine is required: equity is stored per engine.");
            return;
        }
        if (RangeProblem(q["from"].ToString(), q["to"].ToString(), out var from, out var to) is { } problem)
        {
            await BadRequestAsync(http, problem);
            return;
        }
        var scope = HistoryScope.For(http.User);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"equity-{Uri.EscapeDataString(engine)}-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv\"";
        int? written;
        await using (var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false)))
        {
            // Nothing is written for a refused caller, so the response has not started and becomes a plain 404.
            written = await queries.ExportEquityCsvAsync(scope, engine, from, to, writer, http.RequestAborted);
            if (written is null)
            {
                http.Response.Headers.ContentDisposition = default;
                http.Response.ContentType = null;
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
        }
        audit.Record(http.User.FindFirstValue(ClaimTypes.NameIdentifier), http.User.Identity?.Name, BackgroundJobs.ExportAction,
            "equity", string.Create(CultureInfo.InvariantCulture, $"download of engine {engine}: {written} samples"));
    }

    /// <summary>Streams a data-folder export to the user who requested it; anyone else gets 404 (no hint that it exists).</summary>
    private static async Task<IResult> DownloadAsync(long runId, HttpContext http, ExportQuota quota)
    {
        var file = await quota.OwnFileAsync(runId, http.User, http.RequestAborted);
        if (file is null)
        {
            return Results.NotFound();
        }
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(file.FullName, "text/csv; charset=utf-8", file.Name);
    }

    /// <summary>
    /// Why a download's from/to cannot be used (null when they can): each must be empty (no bound) or an ISO-8601 time, and
    /// 'to' after 'from', as the API requires; an empty file would read as "nothing happened then".
    /// </summary>
    private static string? RangeProblem(string fromText, string toText, out DateTimeOffset? from, out DateTimeOffset? to)
    {
        to = null;
        if (!TryTime(fromText, out from) || !TryTime(toText, out to))
        {
            return "from and to must be ISO-8601 times, e.g. 2026-01-31T00:00:00Z.";
        }
        return from is { } start && to is { } end && end <= start
            ? "'to' must be after 'from' ('from' is inclusive, 'to' exclusive)."
            : null;
    }

    /// <summary>An empty value is no bound; anything else must be an ISO-8601 time, read as the API reads one.</summary>
    private static bool TryTime(string text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (UtcTimeJsonConverter.TryParse(text, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    private static async Task BadRequestAsync(HttpContext http, string message)
    {
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(message, http.RequestAborted);
    }
}
