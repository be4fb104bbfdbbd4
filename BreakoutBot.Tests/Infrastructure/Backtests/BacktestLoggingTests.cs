using BreakoutBot.Domain.Risk;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Extensions.Logging;
using static BreakoutBot.Tests.Infrastructure.Backtests.BacktestTestBed;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

/// <summary>A backtest's engine must not flood the portal's log: only its faults, labelled as a backtest's.</summary>
public class BacktestLoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABacktestWritesItsSummaryButNotTheEnginesTradingChatterToThePortalLog()
    {
        await using var bed = await CreateAsync();
        var recording = new RecordingLoggerProvider();
        using var logs = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(recording));
        var job = new BacktestJob(bed.Presets.Contexts, bed.Presets.Store, bed.Data, bed.Folders, TimeProvider.System, logs.CreateLogger<BacktestJob>(), logs);
        var id = (await bed.Service.QueueAsync(Tom, Small, Ct)).Id!.Value;

        await job.RunAsync(id, Ct);

        var trades = (await bed.Service.GetAsync(Tom, id, Ct))!.Summary.Trades;
        trades.ShouldNotBeNull();
        trades.Value.ShouldBeGreaterThan(0);
        recording.Messages.ShouldContain(m => m.Contains($"Backtest {id}: {trades} trades", StringComparison.Ordinal));
        // The engine starts, transitions and opens positions in this run; none of that reaches the log.
        recording.Messages.ShouldNotContain(m => m.StartsWith("BreakoutBot.Domain", StringComparison.Ordinal));
        recording.Messages.ShouldNotContain(m => m.Contains("Started breakout_v1", StringComparison.Ordinal));
    }

    [Fact]
    public void AnEngineFaultInABacktestIsLoggedUnderTheBacktestCategoryAndAKillSwitchIsNot()
    {
        var recording = new RecordingLoggerProvider();
        using var logs = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(recording));
        using var backtest = new BacktestLoggerFactory(logs);

        var engine = backtest.CreateLogger("BreakoutBot.Domain.Engine.TradingEngine");
        engine.LogInformation("Command Start: started");
        engine.LogWarning("a warning");
        engine.LogError("Cycle failed in Scanning");
        new Logger<RiskManager>(backtest).LogCritical("Kill switch fired: 5 consecutive losing trades");

        recording.Messages.ShouldBe(["Backtest.BreakoutBot.Domain.Engine.TradingEngine: Cycle failed in Scanning"]);
    }
}
