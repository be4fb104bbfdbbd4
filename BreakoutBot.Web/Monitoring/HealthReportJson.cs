using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BreakoutBot.Web.Monitoring;

/// <summary>
/// The JSON of a health answer: overall status, and each check's status, description and duration. Exceptions are never
/// written (the checks log them and describe the failure in words without hosts, paths or secrets).
/// </summary>
public static class HealthReportJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = false };

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body, Options);
        json.WriteStartObject();
        json.WriteString("status", Name(report.Status));
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", Name(entry.Status));
            json.WriteString("description", entry.Description ?? (entry.Exception is null ? "" : "The check failed."));
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    /// <summary>"healthy", "degraded" or "unhealthy".</summary>
    public static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
