namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// How many backtest jobs are replaying right now. Work that only uses a spare core stands down once the jobs occupy
/// every core: the start-up warm-up (<see cref="BacktestWarmUp"/>, through <see cref="AllCoresBusy"/>) and a job's scan
/// ahead (<see cref="Scope.SpareCoreGone"/>), so neither takes a core from a trader's sweep. A single backtest leaves a
/// core free on a machine of two or more. A data set's preparation gives way to any backtest (<see cref="CancelledOnAnyJob"/>). <c>Jobs:BacktestScanAhead</c> = false keeps the spare core for other work.
/// </summary>
public sealed class BacktestActivity(int cores, bool scanAhead = true) : IDisposable
{
    private readonly CancellationTokenSource _allCoresBusy = new();
    private readonly List<Scope> _live = [];
    private readonly List<CancellationTokenSource> _onAnyJob = [];
    private readonly Lock _gate = new();
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

    /// <summary>
    /// A source cancelled as soon as a backtest job replays (at once when one is): background work that gives way to
    /// any backtest (<see cref="DataSetPreparation"/>). The caller hands it back with <see cref="Release"/> when done.
    /// </summary>
    public CancellationTokenSource CancelledOnAnyJob()
    {
        var source = new CancellationTokenSource();
        lock (_gate)
        {
            if (_running > 0)
            {
                source.Cancel();
            }
            else
            {
                _onAnyJob.Add(source);
            }
        }
        return source;
    }

    /// <summary>Forgets and disposes a source from <see cref="CancelledOnAnyJob"/>, whether or not a job came.</summary>
    public void Release(CancellationTokenSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_gate)
        {
            _onAnyJob.Remove(source);
        }
        source.Dispose();
    }

    /// <summary>Counts a job as replaying until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        var scope = new Scope(this);
        if (!scanAhead)
        {
            scope.Busy();
        }
        lock (_gate)
        {
            foreach (var waiting in _onAnyJob)
            {
                Cancel(waiting);
            }
            _onAnyJob.Clear();
            _live.Add(scope);
            if (Interlocked.Increment(ref _running) >= Math.Max(1, cores) && Volatile.Read(ref _disposed) == 0)
            {
                foreach (var live in _live)
                {
                    live.Busy();
                }
                Cancel(_allCoresBusy);
            }
        }
        return scope;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _allCoresBusy.Dispose();
        }
    }

    private void Leave(Scope scope)
    {
        lock (_gate)
        {
            _live.Remove(scope);
            Interlocked.Decrement(ref _running);
        }
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The portal is shutting down, or the job has ended: nothing uses the spare core any more.
        }
    }

    /// <summary>One job replaying.</summary>
    public sealed class Scope : IDisposable
    {
        private readonly BacktestActivity _activity;
        private readonly CancellationTokenSource _spareCoreGone = new();
        private int _disposed;

        internal Scope(BacktestActivity activity)
        {
            _activity = activity;
        }

        /// <summary>Cancelled (or already so when the job started) once the backtest jobs occupy every core.</summary>
        public CancellationToken SpareCoreGone => _spareCoreGone.Token;

        internal void Busy() => Cancel(_spareCoreGone);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _activity.Leave(this);
                _spareCoreGone.Dispose();
            }
        }
    }
}
