namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// How many backtest jobs are replaying right now, and a token cancelled the first time they occupy every core: the
/// start-up warm-up (<see cref="BacktestWarmUp"/>) then stands down rather than take a core from a trader's sweep. A
/// single backtest leaves a core free, so the warm-up goes on beside it (and its compiled code serves both).
/// </summary>
public sealed class BacktestActivity(int cores) : IDisposable
{
    private readonly CancellationTokenSource _allCoresBusy = new();
    private int _running;
    private int _disposed;

    public BacktestActivity()
        : this(Environment.ProcessorCount)
    {
    }

    /// <summary>Cancelled once as many backtest jobs as there are cores have run at the same time; stays cancelled.</summary>
    public CancellationToken AllCoresBusy => _allCoresBusy.Token;

    /// <summary>Backtest jobs replaying now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Counts a job as replaying until the returned scope is disposed.</summary>
    public IDisposable Enter()
    {
        if (Interlocked.Increment(ref _running) >= Math.Max(1, cores) && Volatile.Read(ref _disposed) == 0)
        {
            try
            {
                _allCoresBusy.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The portal is shutting down: nothing is warming up any more.
            }
        }
        return new Scope(this);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _allCoresBusy.Dispose();
        }
    }

    private sealed class Scope(BacktestActivity activity) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref activity._running);
            }
        }
    }
}
