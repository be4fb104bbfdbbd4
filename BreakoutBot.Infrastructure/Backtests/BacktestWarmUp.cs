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
/// Once the portal has started, replays a small generated market with <c>breakout_v1</c> (the report is compressed as a
/// stored one would be, then dropped), so that the runtime has compiled the replay's code to its optimised tier before a
/// trader's first backtest: without it, the first backtest after a start runs its first seconds in unoptimised code while
/// the JIT catches up (ADR-010, "Eighth round"). It runs on a thread-pool thread after start-up, so engines are restored
/// first; a backtest queued meanwhile runs beside it, and once backtests occupy every core (a sweep) the warm-up stands
/// down (<see cref="BacktestActivity"/>). Nothing is stored. <c>Jobs:BacktestWarmUpBars</c> = 0 turns it off.
/// </summary>
public sealed partial class BacktestWarmUp(IOptions<JobsOptions> options, IHostApplicationLifetime lifetime, BacktestActivity activity, ILogger<BacktestWarmUp> logger)
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
            var steps = await Task.Run(async () =>
            {
                var set = MarketDataSet.Generated(Seed, Instruments, bars);
                var report = await new ReplayRunner().RunAsync(set.Instruments, set.Candles, PresetCatalog.Get("breakout_v1"), new ReplayOptions(), cancel.Token);
                _ = StoredReport.Compress(report);
                return report.Summary.CandleSteps;
            }, cancel.Token);
            LogWarmedUp(logger, steps, clock.Elapsed.TotalSeconds);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtest warm-up stood down after {Seconds:F1} s: backtests are running on every core.")]
    private static partial void LogStoodDown(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The backtest warm-up failed; backtests run as usual, the first one more slowly.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
