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
/// Replays a small generated market once, in the background, after the portal starts, and stores nothing. A process's
/// first replay pays for compiling the engine's code (about 2.5 s of CPU on top of a 4-instrument replay, the runtime's
/// tiered compilation and profile-guided optimisation); without this the first backtest a trader runs after a restart
/// pays it, and a year of 10 instruments took about 7 s instead of 4.4 s. Off with <c>Jobs:WarmUpBacktests=false</c>.
/// </summary>
public sealed class BacktestWarmUp(IOptions<JobsOptions> options, ILogger<BacktestWarmUp> logger) : BackgroundService
{
    /// <summary>The market replayed: enough bars for the runtime to recompile the hot paths optimised.</summary>
    public const int Instruments = 4;
    public const int Bars = 6_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUpBacktests)
        {
            return;
        }
        await Task.Yield();
        try
        {
            var clock = Stopwatch.StartNew();
            var market = MarketDataSet.Generated(7, Instruments, Bars);
            var report = await Task.Run(() => new ReplayRunner().RunAsync(market.Instruments, market.Candles, PresetCatalog.Get("breakout_v1"), cancellationToken: stoppingToken), stoppingToken);
            var stored = StoredReport.Compress(report);
            logger.LogInformation("Backtest pipeline warmed up: {Instruments} instruments × {Bars} bars replayed and a {Bytes}-byte report in {Ms} ms", market.Instruments.Count, report.Bars, stored.Length, clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The portal stopped first.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only a speed-up: a failure here never stops the portal, and a real backtest would report the same fault.
            logger.LogWarning(ex, "Backtest warm-up failed");
        }
    }
}
