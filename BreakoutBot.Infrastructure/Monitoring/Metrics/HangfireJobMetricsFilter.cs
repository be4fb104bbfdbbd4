using System.Diagnostics;
using Hangfire;
using Hangfire.Server;

namespace BreakoutBot.Infrastructure.Monitoring.Metrics;

/// <summary>
/// Times every Hangfire job a server performs (exports, retention, backtests, downloads) by job type and outcome.
/// Hangfire keeps filters in a process-wide list, so <see cref="Register"/> adds it once however many hosts start.
/// </summary>
public sealed class HangfireJobMetricsFilter : IServerFilter
{
    private const string StartedKey = "breakoutbot.metrics.started";
    private static readonly Lock Gate = new();

    public static void Register()
    {
        lock (Gate)
        {
            if (!GlobalJobFilters.Filters.Any(f => f.Instance is HangfireJobMetricsFilter))
            {
                GlobalJobFilters.Filters.Add(new HangfireJobMetricsFilter());
            }
        }
    }

    public void OnPerforming(PerformingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[StartedKey] = Stopwatch.GetTimestamp();
    }

    public void OnPerformed(PerformedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(StartedKey, out var value) && value is long started)
        {
            var job = context.BackgroundJob?.Job?.Type.Name ?? "unknown";
            JobMetrics.Record("hangfire", job, context.Exception is null || context.ExceptionHandled, Stopwatch.GetElapsedTime(started));
        }
    }
}
