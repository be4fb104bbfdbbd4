namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Says, within this process, that a backtest run started or ended, so the pages showing it read it again at once
/// instead of at their next refresh (they still refresh on a timer: for progress, and for runs replayed on another node).
/// </summary>
public sealed class BacktestNotifier
{
    public event Action<long>? Changed;

    public void Raise(long runId) => Changed?.Invoke(runId);
}
