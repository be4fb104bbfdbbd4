using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Replay;
using BreakoutBot.Tests.Infrastructure.DataSets;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

/// <summary>
/// The start-up replay that compiles the backtest code before a trader's first backtest (ADR-010, "Eighth round"): it
/// waits for the portal to have started, replays the generated market once, says so in the log, stands down when
/// backtests take every core, and stays off at 0.
/// </summary>
public sealed class BacktestWarmUpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheWarmUpReplaysOnlyOnceThePortalHasStartedAndLogsWhatItRan()
    {
        var logs = new RecordingLoggerProvider();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        using var warmUp = WarmUp(bars: 600, lifetime, logs);

        await warmUp.StartAsync(Ct);
        // Engines are restored and the portal listens before the warm-up takes a core.
        await Eventually.StaysTrueAsync(() => warmUp.ExecuteTask is { IsCompleted: false } && logs.Messages.Count == 0,
            "the warm-up waits for the portal to have started", TimeSpan.FromMilliseconds(300));

        lifetime.NotifyStarted();
        await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        logs.Messages.ShouldHaveSingleItem().ShouldContain($"Backtests warmed up: a replay of {BacktestWarmUp.Instruments * 600} candle-steps in");
    }

    [Fact]
    public async Task ZeroBarsTurnsTheWarmUpOff()
    {
        var logs = new RecordingLoggerProvider();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        using var warmUp = WarmUp(bars: 0, lifetime, logs);

        await warmUp.StartAsync(Ct);
        lifetime.NotifyStarted();

        await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        logs.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task APortalStoppedBeforeItStartedEndsTheWarmUpQuietly()
    {
        var logs = new RecordingLoggerProvider();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        using var warmUp = WarmUp(bars: 600, lifetime, logs);

        await warmUp.StartAsync(Ct);
        await warmUp.StopAsync(Ct);

        // Ended without a fault (cancelled, when the host stopped it before it ran at all).
        warmUp.ExecuteTask!.IsCompleted.ShouldBeTrue();
        warmUp.ExecuteTask.IsFaulted.ShouldBeFalse(warmUp.ExecuteTask.Exception?.ToString());
        logs.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task ThePortalRunsTheWarmUpWhenConfigured()
    {
        var logs = new RecordingLoggerProvider();
        using var database = new SqliteTestDatabase();
        var options = new PortalOptions
        {
            Database = database,
            Settings = { ["Jobs:BacktestWarmUpBars"] = "300" },
            Logging = logging => logging.AddProvider(logs),
        };
        await using var portal = new BreakoutBotWebFactory(options);
        _ = portal.Services;

        await Eventually.WaitUntilAsync(() => logs.Messages.Any(m => m.Contains("Backtests warmed up: a replay of", StringComparison.Ordinal)),
            "the portal logs that its warm-up replay ran", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task TheWarmUpStandsDownOnceBacktestsRunOnEveryCore()
    {
        var logs = new RecordingLoggerProvider();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        using var activity = new BacktestActivity(cores: 2);
        using var warmUp = WarmUp(bars: 20_000, lifetime, logs, activity);
        await warmUp.StartAsync(Ct);

        using (activity.Enter())
        {
            activity.AllCoresBusy.IsCancellationRequested.ShouldBeFalse("one backtest leaves the second core to the warm-up");
            using (activity.Enter())
            {
                activity.Running.ShouldBe(2);
                lifetime.NotifyStarted();
                await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            }
        }

        activity.Running.ShouldBe(0);
        logs.Messages.ShouldHaveSingleItem().ShouldContain("Backtest warm-up stood down after");
        warmUp.ExecuteTask.IsFaulted.ShouldBeFalse();
    }

    [Fact]
    public void AJobKeepsItsSpareCoreUntilBacktestsFillEveryCoreAndLaterJobsGetOneAgain()
    {
        using var activity = new BacktestActivity(cores: 2);

        using (var single = activity.Enter())
        {
            single.SpareCoreGone.IsCancellationRequested.ShouldBeFalse("a single backtest leaves the second core free");
            using (var second = activity.Enter())
            {
                single.SpareCoreGone.IsCancellationRequested.ShouldBeTrue("a second job takes the spare core");
                second.SpareCoreGone.IsCancellationRequested.ShouldBeTrue();
            }
            single.SpareCoreGone.IsCancellationRequested.ShouldBeTrue("a core given up is not taken back mid-run");
        }

        activity.Running.ShouldBe(0);
        using var later = activity.Enter();
        later.SpareCoreGone.IsCancellationRequested.ShouldBeFalse("after the sweep, a single backtest has a spare core again");
    }

    [Fact]
    public async Task AfterARestartTheWarmUpReplaysTheLastBacktestOfADataSetAndThatBacktestAgainReportsTheSame()
    {
        await using var bed = await BacktestTestBed.CreateAsync();
        var setId = (await bed.DataSets.UploadAsync(BacktestTestBed.Tom, "coins", [DataSetServiceTests.Csv("BTC-USDT-SWAP", 2500), DataSetServiceTests.Csv("ETH-USDT-SWAP", 2500, 7)], Ct)).Id!.Value;
        var request = BacktestTestBed.Small with { DataSource = BacktestDataSource.DataSet, DataSetId = setId, From = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero) };
        var first = (await bed.Service.QueueAsync(BacktestTestBed.Tom, request, Ct)).Id!.Value;
        await bed.Job.RunAsync(first, Ct);
        var stored = (await bed.Service.GetAsync(BacktestTestBed.Tom, first, Ct))!.Report!;
        stored.Summary.Trades.ShouldBeGreaterThan(0);

        // A restarted portal: nothing loaded yet.
        var dataSets = new DataSetService(bed.Presets.Contexts, bed.Folders, bed.Presets.Audit, bed.Presets.Time);
        var data = new BacktestData(bed.Folders, dataSets);
        var logs = new RecordingLoggerProvider();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        using var warmUp = WarmUp(bars: 600, lifetime, logs, source: new BacktestWarmUpSource(bed.Presets.Contexts, bed.Presets.Store, data));
        await warmUp.StartAsync(Ct);
        lifetime.NotifyStarted();
        await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        // It replayed that run's range of both instruments, not the generated market.
        logs.Messages.ShouldHaveSingleItem().ShouldContain($"Backtests warmed up on data set 'coins': backtest {first} replayed again ({stored.Summary.CandleSteps} candle-steps in");
        var again = (await bed.Service.QueueAsync(BacktestTestBed.Tom, request, Ct)).Id!.Value;
        var job = new BacktestJob(bed.Presets.Contexts, bed.Presets.Store, data, bed.Folders, TimeProvider.System, NullLogger<BacktestJob>.Instance, activity: bed.Activity);
        await job.RunAsync(again, Ct);
        var report = (await bed.Service.GetAsync(BacktestTestBed.Tom, again, Ct))!.Report!;
        ReplayJson.Serialize(report).ShouldBe(ReplayJson.Serialize(stored));
    }

    [Fact]
    public async Task WithoutABacktestOfADataSetSmallEnoughTheWarmUpReplaysTheGeneratedMarket()
    {
        await using var bed = await BacktestTestBed.CreateAsync();
        var source = new BacktestWarmUpSource(bed.Presets.Contexts, bed.Presets.Store, bed.Data);
        (await RunWarmUpAsync(source, maxCandles: 2_000_000)).ShouldContain($"Backtests warmed up: a replay of {BacktestWarmUp.Instruments * 600} candle-steps in");

        var setId = (await bed.DataSets.UploadAsync(BacktestTestBed.Tom, "coins", [DataSetServiceTests.Csv("BTC-USDT-SWAP", 600)], Ct)).Id!.Value;
        var run = (await bed.Service.QueueAsync(BacktestTestBed.Tom, BacktestTestBed.Small with { DataSource = BacktestDataSource.DataSet, DataSetId = setId }, Ct)).Id!.Value;
        await bed.Job.RunAsync(run, Ct);
        (await RunWarmUpAsync(source, maxCandles: 599)).ShouldContain("Backtests warmed up: a replay of", customMessage: "the data set holds more candles than allowed");
        (await RunWarmUpAsync(source, maxCandles: 0)).ShouldContain("Backtests warmed up: a replay of", customMessage: "0 keeps the warm-up on the generated market");
        (await RunWarmUpAsync(source, maxCandles: 600)).ShouldContain("Backtests warmed up on data set 'coins'");
    }

    private static async Task<string> RunWarmUpAsync(BacktestWarmUpSource source, long maxCandles)
    {
        var logs = new RecordingLoggerProvider();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        using var warmUp = WarmUp(bars: 600, lifetime, logs, source: source, maxCandles: maxCandles);
        await warmUp.StartAsync(Ct);
        lifetime.NotifyStarted();
        await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        return logs.Messages.ShouldHaveSingleItem();
    }

    // No backtest running: the warm-ups of these tests share it and never enter it.
    private static readonly BacktestActivity Idle = new();

    private static BacktestWarmUp WarmUp(
        int bars, IHostApplicationLifetime lifetime, RecordingLoggerProvider logs, BacktestActivity? activity = null, BacktestWarmUpSource? source = null, long maxCandles = 2_000_000) =>
        new(Options.Create(new JobsOptions { BacktestWarmUpBars = bars, BacktestWarmUpMaxCandles = maxCandles }), lifetime, activity ?? Idle, new LoggerFactory([logs]).CreateLogger<BacktestWarmUp>(), source);
}
