namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Says, within this process, that a backtest run started or ended, so the pages showing it read it again at once
/// instead of at their next refresh (they still refresh on a timer: for progress, and for runs replayed on another node);
/// and that a user asked to cancel a run, so a replay running in this process stops at once instead of at its next
/// progress write (a run on another node sees the request there, in the database).
/// </summary>
public sealed class BacktestNotifier
{
    public event Action<long>? Changed;

    /// <summary>Raised after a cancel request for a running run was stored.</summary>
    public event Action<long>? CancelRequested;

    public void Raise(long runId) => Changed?.Invoke(runId);

    public void RequestCancel(long runId) => CancelRequested?.Invoke(runId);
}
