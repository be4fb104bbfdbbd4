using System.Text.RegularExpressions;
using BreakoutBot.Tests.TestSupport;

namespace BreakoutBot.Tests.Web.Push;

/// <summary>
/// Live-event hub clients send their API token in the query string (ADR-017): the shipped reverse proxy must not write
/// query strings to its access log, which the container prints to <c>docker logs</c>.
/// </summary>
public sealed partial class ProxyLogTests
{
    [Fact]
    public void TheShippedProxyLogsRequestsWithoutTheirQueryString()
    {
        var config = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot(), "deploy", "nginx.conf"));
        var lines = config.Split('\n').Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToList();

        var accessLogs = lines.Where(l => l.StartsWith("access_log", StringComparison.Ordinal)).ToList();
        accessLogs.ShouldNotBeEmpty("without an access_log of its own the image's default format logs the whole request line");
        foreach (var accessLog in accessLogs.Where(l => !l.StartsWith("access_log off", StringComparison.Ordinal)))
        {
            var format = accessLog.TrimEnd(';').Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2);
            format.ShouldNotBeNull($"'{accessLog}' names no format, so nginx uses 'combined' with the query string");
            var start = lines.FindIndex(l => l.StartsWith("log_format " + format + " ", StringComparison.Ordinal));
            start.ShouldBeGreaterThanOrEqualTo(0, $"log_format {format} is defined");
            var end = lines.FindIndex(start, l => l.EndsWith(';'));
            var definition = string.Join(' ', lines.Skip(start).Take(end - start + 1));
            foreach (var variable in Variable().Matches(definition).Select(m => m.Value))
            {
                variable.ShouldNotBeOneOf(["$request", "$request_uri", "$args", "$query_string", "$arg_access_token"], $"log_format {format} logs the query string");
            }
        }
    }

    [Fact]
    public void TheShippedProxyLogsOnlyCriticalErrorsForTheHubWhoseRequestLinesCarryTokens()
    {
        // nginx's error log prints the request line ("upstream timed out … request: \"GET /hubs/engines?access_token=…\"").
        var config = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot(), "deploy", "nginx.conf"));
        var lines = config.Split('\n').Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToList();

        var hub = lines.FindIndex(l => l.StartsWith("location /hubs/", StringComparison.Ordinal));
        hub.ShouldBeGreaterThanOrEqualTo(0, "the hub has a location of its own");
        var end = lines.FindIndex(hub, l => l == "}");
        var errorLog = lines.Skip(hub).Take(end - hub).SingleOrDefault(l => l.StartsWith("error_log", StringComparison.Ordinal));
        errorLog.ShouldNotBeNull("the hub's location sets its own error log level");
        errorLog.TrimEnd(';').Split(' ', StringSplitOptions.RemoveEmptyEntries).Last().ShouldBeOneOf(["crit", "alert", "emerg"]);
    }

    [GeneratedRegex(@"\$[a-z_]+")]
    private static partial Regex Variable();
}
