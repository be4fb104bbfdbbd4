using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.Replay;
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

    /// <summary>
    /// What a run without trades shows for the figures only trades give (win rate, profit factor, average R): a dash,
    /// not "0.00 %", "no loss" or "0.00", which read as results.
    /// </summary>
    public const string NoTrades = "—";

    public static string WinRate(ReplaySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Trades == 0 ? NoTrades : PortalFormat.Percent(summary.WinRate);
    }

    public static string ProfitFactor(ReplaySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Trades == 0 ? NoTrades : PortalFormat.ProfitFactor(summary.ProfitFactor);
    }

    public static string AverageR(ReplaySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Trades == 0 ? NoTrades : PortalFormat.Ratio(summary.AverageR);
    }

    /// <summary>A list row's profit factor: empty until the run has figures, "no loss" when it won every trade (null), a dash without trades.</summary>
    public static string ProfitFactor(BacktestSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Trades is not { } trades ? "" : trades == 0 ? NoTrades : PortalFormat.ProfitFactor(run.ProfitFactor);
    }

    /// <summary>A list row's average R: empty until the run has figures, a dash without trades.</summary>
    public static string AverageR(BacktestSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Trades is not { } trades || run.AverageR is not { } average ? "" : trades == 0 ? NoTrades : PortalFormat.Ratio(average);
    }

    public static Color StatusColor(BacktestStatus status) => status switch
    {
        BacktestStatus.Succeeded => Color.Success,
        BacktestStatus.Failed => Color.Error,
        BacktestStatus.Cancelled => Color.Warning,
        _ => Color.Default,
    };
}
