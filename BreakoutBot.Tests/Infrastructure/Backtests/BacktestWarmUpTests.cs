using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

/// <summary>The portal replays a small market once after start-up, so a trader's first backtest runs on compiled code.</summary>
public class BacktestWarmUpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheWarmUpReplaysTheWholeSmallMarketAndSaysSo()
    {
        var (warmUp, recording, logs) = Create(enabled: true);
        using (logs)
        {
            await warmUp.StartAsync(Ct);
            await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(120), Ct);

            var line = recording.Messages.ShouldHaveSingleItem();
            line.ShouldStartWith($"{typeof(BacktestWarmUp).FullName}: Backtest pipeline warmed up: {BacktestWarmUp.Instruments} instruments × {BacktestWarmUp.Bars} bars replayed");
        }
    }

    [Fact]
    public async Task TurnedOffItReplaysNothing()
    {
        var (warmUp, recording, logs) = Create(enabled: false);
        using (logs)
        {
            await warmUp.StartAsync(Ct);
            await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10), Ct);

            recording.Messages.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task ThePortalRunsIt()
    {
        using var db = new SqliteTestDatabase();
        await using var portal = new BreakoutBotWebFactory(new PortalOptions { Database = db });

        portal.Services.GetServices<IHostedService>().OfType<BacktestWarmUp>().ShouldHaveSingleItem();
    }

    private static (BacktestWarmUp WarmUp, RecordingLoggerProvider Recording, ILoggerFactory Logs) Create(bool enabled)
    {
        var recording = new RecordingLoggerProvider();
        var logs = LoggerFactory.Create(b => b.AddProvider(recording));
        return (new BacktestWarmUp(Options.Create(new JobsOptions { WarmUpBacktests = enabled }), logs.CreateLogger<BacktestWarmUp>()), recording, logs);
    }
}
