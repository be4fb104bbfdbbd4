using Microsoft.AspNetCore.Routing.Template;

namespace BreakoutBot.Web.Api;

/// <summary>
/// Whether a path is one of the API's routes with any method, so a request to a path the API does not have is 404
/// even when another endpoint of the portal (a page or a static asset, GET only) makes routing answer 405: a typo such
/// as <c>POST …/commands/EmergencyStop</c> must not read as "wrong method". Route constraints are not checked.
/// </summary>
public sealed class ApiRouteTable(EndpointDataSource endpoints)
{
    private IReadOnlyList<TemplateMatcher>? _matchers;

    public bool Matches(PathString path)
    {
        _matchers ??= endpoints.Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText)
            .Where(raw => raw is not null && raw.TrimStart('/').StartsWith("api/", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(raw => new TemplateMatcher(TemplateParser.Parse(raw!.TrimStart('/')), []))
            .ToList();
        return _matchers.Any(m => m.TryMatch(path, []));
    }
}
