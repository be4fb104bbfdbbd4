using System.Globalization;
using BreakoutBot.Infrastructure.Backtests;
using MudBlazor;

namespace BreakoutBot.Web.Components.Pages.Backtests;

/// <summary>Backtest progress and status in words and colours (money, percentages and times come from <c>EngineText</c>).</summary>
public static class BacktestText
{
    public static double Percent(BacktestSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.BarsTotal > 0 ? 100.0 * run.BarsDone / run.BarsTotal : 0;
    }

    /// <summary>"Queued", or "12,000 of 40,000 bars (30 %), about 1 min left".</summary>
    public static string Progress(BacktestSummary run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Status == BacktestStatus.Queued)
        {
            return "Queued";
        }
        if (run.BarsTotal == 0)
        {
            return "Loading data…";
        }
        var text = string.Create(CultureInfo.InvariantCulture, $"{run.BarsDone:N0} of {run.BarsTotal:N0} bars ({Percent(run):0} %)");
        return run.EstimatedTimeLeft(now) is { } left ? text + ", about " + Duration(left) + " left" : text;
    }

    public static Color StatusColor(BacktestStatus status) => status switch
    {
        BacktestStatus.Succeeded => Color.Success,
        BacktestStatus.Failed => Color.Error,
        BacktestStatus.Cancelled => Color.Warning,
        _ => Color.Default,
    };

    private static string Duration(TimeSpan t) => t.TotalSeconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)Math.Ceiling(t.TotalSeconds))} s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)Math.Ceiling(t.TotalMinutes)} min");
}
