using System.Diagnostics;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Replay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Prepares a data set for backtests as soon as it is ready (an upload stored, a download completed): reads it the way a
/// backtest does and derives what a backtest of <c>breakout_v1</c> over all of it reads (the levels,
/// <see cref="ReplayRunner.PrepareAsync"/>) on a thread-pool thread, so the trader's first backtest of it replays data
/// already derived (ADR-010, "Tenth round"). Nothing is stored and a report is the same with or without it. It gives way
/// to any backtest (whose own scan ahead takes over), a newer data set's preparation replaces it, a data set of more
/// than <c>Jobs:BacktestWarmUpMaxCandles</c> candles is not prepared, and <c>Jobs:PrepareDataSets</c> = false turns it off.
/// The backtest form also prepares the data set chosen in it.
/// </summary>
public sealed partial class DataSetPreparation(
    DataSetReadySignal signal, DataSetService dataSets, BacktestActivity activity, IOptions<JobsOptions> options, ILogger<DataSetPreparation> logger)
    : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource? _current;
    private long _currentId;
    private bool _disposed;

    /// <summary>The preparation running or last run (it never faults).</summary>
    public Task Current { get; private set; } = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.PrepareDataSets)
        {
            signal.Ready += OnReady;
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        signal.Ready -= OnReady;
        lock (_gate)
        {
            // The host may stop it after the container disposed it (a test portal torn down early): nothing runs then.
            if (_disposed)
            {
                return;
            }
            _stopping.Cancel();
        }
        await Current.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        signal.Ready -= OnReady;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    /// <summary>
    /// Starts preparing <paramref name="dataSetId"/> (of <paramref name="candles"/> candles), standing down a preparation
    /// still running; a set above <c>Jobs:BacktestWarmUpMaxCandles</c> is not read at all. Besides the ready signal, the
    /// backtest and sweep form calls it for the data set chosen in it, so the set is read while the trader fills it in.
    /// </summary>
    public Task Prepare(long dataSetId, long candles)
    {
        if (!options.Value.PrepareDataSets)
        {
            return Task.CompletedTask;
        }
        if (candles > options.Value.BacktestWarmUpMaxCandles)
        {
            LogTooLarge(logger, dataSetId, candles);
            return Task.CompletedTask;
        }
        lock (_gate)
        {
            if (_disposed)
            {
                return Task.CompletedTask;
            }
            if (_current is not null && _currentId == dataSetId && !_current.IsCancellationRequested)
            {
                // Already under way (a page asking again as it becomes interactive).
                return Current;
            }
            _current?.Cancel();
            _currentId = dataSetId;
            var giveWay = activity.CancelledOnAnyJob();
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, giveWay.Token);
            _current = cancel;
            Current = Task.Run(async () =>
            {
                try
                {
                    await RunAsync(dataSetId, cancel.Token);
                }
                finally
                {
                    lock (_gate)
                    {
                        // Disposed only once no later Prepare can cancel it.
                        if (ReferenceEquals(_current, cancel))
                        {
                            _current = null;
                        }
                    }
                    cancel.Dispose();
                    activity.Release(giveWay);
                }
            }, CancellationToken.None);
            return Current;
        }
    }

    private void OnReady(long dataSetId, long candles) => Prepare(dataSetId, candles);

    private async Task RunAsync(long dataSetId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            // A backtest already running keeps the data set it loaded: reading this one would push it out of the cache.
            cancellationToken.ThrowIfCancellationRequested();
            var (set, _) = await dataSets.LoadAsync(dataSetId, [], cancellationToken);
            var bars = await ReplayRunner.PrepareAsync(set.Instruments, set.Candles, PresetCatalog.Get("breakout_v1"), new ReplayOptions(), cancellationToken);
            if (!cancellationToken.IsCancellationRequested)
            {
                LogPrepared(logger, dataSetId, bars, clock.Elapsed.TotalSeconds);
                return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Given way: a backtest, a newer data set or the portal stopping.
        }
        catch (Exception ex)
        {
            // Only a speed-up: the backtest reads and derives the data itself.
            LogFailed(logger, ex, dataSetId);
            return;
        }
        LogGaveWay(logger, dataSetId, clock.Elapsed.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Data set {DataSet} prepared for backtests: {Bars} bars scanned in {Seconds:F1} s.")]
    private static partial void LogPrepared(ILogger logger, long dataSet, int bars, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data set {DataSet} not prepared for backtests: {Candles} candles, more than Jobs:BacktestWarmUpMaxCandles.")]
    private static partial void LogTooLarge(ILogger logger, long dataSet, long candles);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data set {DataSet}: its preparation for backtests gave way after {Seconds:F1} s (a backtest started, another data set, or the portal stopping).")]
    private static partial void LogGaveWay(ILogger logger, long dataSet, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data set {DataSet} could not be prepared for backtests; backtests of it read and derive it themselves.")]
    private static partial void LogFailed(ILogger logger, Exception exception, long dataSet);
}
