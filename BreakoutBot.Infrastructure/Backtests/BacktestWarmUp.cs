using System.Diagnostics;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Once the portal has started, replays a backtest once (the report is compressed as a stored one would be, then
/// dropped), so that the runtime has compiled the replay's code to its optimised tier before a trader's first backtest:
/// without it, the first backtest after a start runs its first seconds in unoptimised code while the JIT catches up
/// (ADR-010, "Eighth round"). What it replays: the newest finished backtest on a stored data set of at most
/// <c>Jobs:BacktestWarmUpMaxCandles</c> candles, as that run was set up, so that data set is read and its levels and
/// quotes derived before a trader backtests it again ("Tenth round"); else a small generated market with
/// <c>breakout_v1</c>. It runs on a thread-pool thread after start-up, so engines are restored first; a backtest queued
/// meanwhile runs beside it, and once backtests occupy every core (a sweep) the warm-up stands down
/// (<see cref="BacktestActivity"/>). Nothing is stored. <c>Jobs:BacktestWarmUpBars</c> = 0 turns it off.
/// </summary>
public sealed partial class BacktestWarmUp(
    IOptions<JobsOptions> options, IHostApplicationLifetime lifetime, BacktestActivity activity, ILogger<BacktestWarmUp> logger, BacktestWarmUpSource? source = null)
    : BackgroundService
{
    /// <summary>Instruments of the generated market replayed.</summary>
    public const int Instruments = 10;

    private const int Seed = 7;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var bars = options.Value.BacktestWarmUpBars;
        if (bars == 0)
        {
            return;
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, activity.AllCoresBusy);
        var clock = Stopwatch.StartNew();
        try
        {
            await WhenStartedAsync(cancel.Token);
            clock.Restart();
            var stored = source is null ? null : await StoredRunAsync(source, cancel.Token);
            var steps = await Task.Run(async () =>
            {
                var set = stored?.Set ?? MarketDataSet.Generated(Seed, Instruments, bars);
                var preset = stored?.Preset ?? PresetCatalog.Get("breakout_v1");
                var report = await new ReplayRunner().RunAsync(set.Instruments, set.Candles, preset, stored?.Options ?? new ReplayOptions(), cancel.Token);
                _ = StoredReport.Compress(report);
                return report.Summary.CandleSteps;
            }, cancel.Token);
            if (stored is null)
            {
                LogWarmedUp(logger, steps, clock.Elapsed.TotalSeconds);
            }
            else
            {
                LogWarmedUpOnDataSet(logger, stored.DataSetName, stored.RunId, steps, clock.Elapsed.TotalSeconds);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The portal stopped first.
        }
        catch (OperationCanceledException) when (activity.AllCoresBusy.IsCancellationRequested)
        {
            LogStoodDown(logger, clock.Elapsed.TotalSeconds);
        }
        catch (Exception ex)
        {
            // Only a speed-up: a failure is logged and changes nothing else.
            LogFailed(logger, ex);
        }
    }

    /// <summary>The stored backtest to replay, or null (none, or it cannot be read: the generated market then serves).</summary>
    private async Task<BacktestWarmUpSource.WarmUpRun?> StoredRunAsync(BacktestWarmUpSource from, CancellationToken cancellationToken)
    {
        try
        {
            return await from.FindAsync(options.Value.BacktestWarmUpMaxCandles, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNoStoredRun(logger, ex.Message);
            return null;
        }
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtests warmed up: a replay of {Steps} candle-steps in {Seconds:F1} s, so the first backtest runs compiled code.")]
    private static partial void LogWarmedUp(ILogger logger, long steps, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtests warmed up on data set '{DataSet}': backtest {Run} replayed again ({Steps} candle-steps in {Seconds:F1} s, nothing stored), so its data are read and derived and the first backtest runs compiled code.")]
    private static partial void LogWarmedUpOnDataSet(ILogger logger, string dataSet, long run, long steps, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The backtest warm-up replays the generated market: the last backtested data set could not be read ({Reason}).")]
    private static partial void LogNoStoredRun(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtest warm-up stood down after {Seconds:F1} s: backtests are running on every core.")]
    private static partial void LogStoodDown(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The backtest warm-up failed; backtests run as usual, the first one more slowly.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
