using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Web.Components.Shared;
using MudBlazor;

namespace BreakoutBot.Web.Components.Pages.Backtests;

/// <summary>Backtest progress and status in words and colours (numbers and times come from <see cref="PortalFormat"/>).</summary>
public static class BacktestText
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

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
        var text = $"{PortalFormat.Count(run.BarsDone)} of {PortalFormat.Count(run.BarsTotal)} bars ({PortalFormat.Percent(Percent(run) / 100, 0)})";
        return run.EstimatedTimeLeft(now) is { } left ? text + ", about " + PortalFormat.Duration(left < OneSecond ? OneSecond : left) + " left" : text;
    }

    public static Color StatusColor(BacktestStatus status) => status switch
    {
        BacktestStatus.Succeeded => Color.Success,
        BacktestStatus.Failed => Color.Error,
        BacktestStatus.Cancelled => Color.Warning,
        _ => Color.Default,
    };
}
