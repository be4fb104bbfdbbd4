using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Scheduling;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;

namespace BreakoutBot.Tests.Infrastructure.Engines;

public sealed class EngineCycleJobTests
{
    private static EngineCreateOptions Small(int barMs) => new() { Bars = 600, WarmupBars = 300, BarIntervalMs = barMs };

    [Fact]
    public async Task OneRunStepsARunningEngineByOneBarAndAsksForTheBarPace()
    {
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
        var handle = registry.Create("alice", "one", "breakout_v1", Small(250));
        var job = new EngineCycleJob(registry, TimeProvider.System, NullLogger<EngineCycleJob>.Instance);

        // Idle: the market waits and the job polls.
        (await job.RunAsync(handle.Id, TestContext.Current.CancellationToken)).ShouldBe(EngineHandle.IdlePoll);
        handle.Market.BarsReplayed.ShouldBe(301);

        await handle.ExecuteAsync(EngineCommand.Start, null);
        var bar = handle.Market.Clock.GetUtcNow();
        (await job.RunAsync(handle.Id, TestContext.Current.CancellationToken)).ShouldBe(TimeSpan.FromMilliseconds(250));

        handle.Market.BarsReplayed.ShouldBe(302);
        handle.Market.Clock.GetUtcNow().ShouldBe(bar + TimeSpan.FromMinutes(5));
        handle.Status.CycleCount.ShouldBeGreaterThan(0);
        handle.LastJobRunAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task TheJobEndsWhenItsEngineIsRemoved()
    {
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
        var handle = registry.Create("alice", "one", "breakout_v1", Small(250));
        var job = new EngineCycleJob(registry, TimeProvider.System, NullLogger<EngineCycleJob>.Instance);
        registry.Remove(handle.Id);

        (await job.RunAsync(handle.Id, TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Theory]
    [InlineData(TradingState.Scanning, 5000)]
    [InlineData(TradingState.SignalWait, 2000)]
    [InlineData(TradingState.Managing, 1000)]
    public void WithoutAReplayTheNextRunFollowsTheState(TradingState state, int expectedMs)
    {
        var result = new CycleResult(state, false, CycleResult.DelayFor(state), true);

        EngineHandle.NextDelay(result, null).ShouldBe(TimeSpan.FromMilliseconds(expectedMs));
        EngineHandle.NextDelay(result, TimeSpan.FromMilliseconds(200)).ShouldBe(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task QuartzRunsTheCycleJobOfEveryEngineAndRefreshesTheStatusCache()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BreakoutBot.Domain.Abstractions.IEngineEventSink, NullEngineEventSink>();
        services.AddSingleton<EngineRegistry>();
        services.AddQuartz();
        services.AddSingleton<EngineJobScheduler>();
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<EngineRegistry>();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
        IHostedService engines = provider.GetRequiredService<EngineJobScheduler>();
        await engines.StartAsync(TestContext.Current.CancellationToken);
        await scheduler.Start(TestContext.Current.CancellationToken);
        try
        {
            var first = registry.Create("alice", "one", "breakout_v1", Small(5));
            var second = registry.Create("bob", "two", "breakout_v1", Small(5));
            await first.ExecuteAsync(EngineCommand.Start, null);
            await second.ExecuteAsync(EngineCommand.Start, null);

            await Eventually.WaitUntilAsync(() => first.Market.BarsReplayed >= 320 && second.Market.BarsReplayed >= 320,
                "both engines past bar 320", TimeSpan.FromSeconds(15));

            first.Status.CycleCount.ShouldBeGreaterThan(0);
            (await scheduler.Exists(EngineCycleJob.KeyFor(first.Id), TestContext.Current.CancellationToken)).ShouldBeTrue();

            registry.Remove(first.Id);
            await Eventually.WaitUntilAsync(
                async () => !await scheduler.Exists(EngineCycleJob.KeyFor(first.Id), TestContext.Current.CancellationToken),
                "the removed engine's cycle job is deleted", TimeSpan.FromSeconds(5));
        }
        finally
        {
            await engines.StopAsync(CancellationToken.None);
            await scheduler.Shutdown(true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task TheStatusJobRefreshesEveryEnginesCache()
    {
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
        var a = registry.Create("alice", "one", "breakout_v1", Small(5));
        var b = registry.Create("bob", "two", "breakout_v1", Small(5));
        await a.Engine.StartAsync("breakout_v1", TradingMode.Paper, TestContext.Current.CancellationToken);

        new StatusCacheRefreshJob(registry).Refresh().ShouldBe(2);

        a.Status.State.ShouldBe(TradingState.Scanning);
        b.Status.State.ShouldBe(TradingState.Idle);
    }
}
