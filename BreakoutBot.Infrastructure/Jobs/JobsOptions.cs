using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>
/// Background jobs (section <c>Jobs</c>). Folders default to sub-folders of <c>Database:DataFolder</c>:
/// <c>exports/</c> for history CSVs and <c>market-data/</c> for imported candle files.
/// </summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Where history exports are written; empty = <c>{DataFolder}/exports</c>.</summary>
    public string? ExportFolder { get; set; }

    /// <summary>Where imported candle CSVs are stored; empty = <c>{DataFolder}/market-data</c>.</summary>
    public string? MarketDataFolder { get; set; }

    /// <summary>Transitions and equity snapshots older than this many days are deleted by the daily retention job.</summary>
    [Range(1, 36500)]
    public int RetentionDays { get; set; } = 90;

    /// <summary>Cron expression (UTC) of the retention job; daily at 03:00 by default.</summary>
    [Required]
    public string RetentionCron { get; set; } = "0 3 * * *";

    /// <summary>Most backtests one user may have queued or running at once; more are refused until one finishes.</summary>
    [Range(1, 100)]
    public int MaxActiveBacktestsPerUser { get; set; } = 2;

    /// <summary>Most history exports to the data folder one user may start in 24 hours.</summary>
    [Range(1, 10_000)]
    public int ExportsPerUserPerDay { get; set; } = 20;

    /// <summary>Most bytes of export files one user may have written in 24 hours (a further export is refused once reached).</summary>
    [Range(1, long.MaxValue)]
    public long ExportBytesPerUserPerDay { get; set; } = 200L * 1024 * 1024;

    /// <summary>
    /// Bars per instrument of the replay run once after start-up (10 generated instruments) so that the replay's code is
    /// compiled before the first backtest (<see cref="Backtests.BacktestWarmUp"/>); 0 turns the warm-up off.
    /// </summary>
    [Range(0, 200_000)]
    public int BacktestWarmUpBars { get; set; } = 20_000;

    /// <summary>
    /// The warm-up replays instead the newest finished backtest on a stored data set of at most this many candles (all
    /// instruments), so that data set is read and derived before it is backtested again (ADR-010, "Tenth round"); 0
    /// keeps the warm-up on the generated market.
    /// </summary>
    [Range(0, 100_000_000)]
    public long BacktestWarmUpMaxCandles { get; set; } = 2_000_000;

    /// <summary>
    /// A data set that becomes ready (uploaded, downloaded) is read and derived for backtests in the background, giving way
    /// to any backtest (<see cref="Backtests.DataSetPreparation"/>); false turns it off.
    /// </summary>
    public bool PrepareDataSets { get; set; } = true;

    /// <summary>
    /// A backtest running while a core is spare scans ahead of its replay on that core (same report, sooner; ADR-010,
    /// "Ninth round"); false keeps the spare core for other work.
    /// </summary>
    public bool BacktestScanAhead { get; set; } = true;

    /// <summary>Hangfire worker threads.</summary>
    [Range(1, 32)]
    public int WorkerCount { get; set; } = 2;
}
