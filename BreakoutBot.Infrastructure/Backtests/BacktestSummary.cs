using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>One backtest as the list shows it: parameters, progress and headline figures, without the report.</summary>
public sealed record BacktestSummary(
    long Id,
    string OwnerName,
    string PresetName,
    int PresetVersion,
    BacktestDataSource DataSource,
    string DataDescription,
    DateTimeOffset? From,
    DateTimeOffset? To,
    decimal StartingBalance,
    BacktestStatus Status,
    int BarsDone,
    int BarsTotal,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Message,
    int? Trades,
    decimal? NetPnl,
    double? MaxDrawdownPct,
    double? ProfitFactor,
    double? AverageR,
    bool CanControl)
{
    /// <summary>The preset fields a sweep changed for this run (empty for a single backtest).</summary>
    public IReadOnlyDictionary<string, decimal> Overrides { get; init; } = new Dictionary<string, decimal>();

    /// <summary>True for a sweep's walk-forward test run.</summary>
    public bool IsTestRun { get; init; }

    public bool IsActive => Status is BacktestStatus.Queued or BacktestStatus.Running;

    /// <summary>Estimated time left from the pace so far; null before any bar or when not running.</summary>
    public TimeSpan? EstimatedTimeLeft(DateTimeOffset now)
    {
        if (Status != BacktestStatus.Running || StartedAt is not { } started || BarsDone <= 0 || BarsTotal <= BarsDone)
        {
            return null;
        }
        var perBar = (now - started).TotalSeconds / BarsDone;
        return TimeSpan.FromSeconds(perBar * (BarsTotal - BarsDone));
    }
}

/// <summary>A backtest with its report (null until it succeeded).</summary>
public sealed record BacktestDetail(BacktestSummary Summary, ReplayReport? Report, decimal? TakerFeeBps, decimal? MakerFeeBps, decimal SlippageBps, decimal FundingRateBps);

/// <summary>The answer to a queue request: the new run's id, or why nothing was queued (per field when the input was wrong).</summary>
public sealed record BacktestQueueResult(long? Id, string? Refusal, IReadOnlyList<BacktestFieldError> Errors)
{
    public bool Queued => Id is not null;
}
