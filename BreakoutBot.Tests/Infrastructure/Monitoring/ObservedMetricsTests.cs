using System.Diagnostics.Metrics;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Monitoring.Health;
using BreakoutBot.Infrastructure.Monitoring.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace BreakoutBot.Tests.Infrastructure.Monitoring;

/// <summary>What is read from the registry when metrics are collected, and the scheduler readiness check built on the same state.</summary>
public sealed class ObservedMetricsTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly EngineRegistry _registry;

    public ObservedMetricsTests()
    {
        _registry = new EngineRegistry(NullLoggerFactory.Instance, _time, new NullEngineEventSink());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EngineHandle NewEngine(string name) =>
        _registry.Create("owner", name, "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300, BarIntervalMs = 1 });

    [Fact]
    public async Task EnginesAreCountedByStateWithEveryStatePresent()
    {
        NewEngine("a");
        var started = NewEngine("b");
        (await started.ExecuteAsync(EngineCommand.Start, null, Ct)).Success.ShouldBeTrue();

        var measured = ObservedMetrics.EnginesByState(_registry).ToDictionary(m => (string)m.Tags[0].Value!, m => m.Value);

        measured.Count.ShouldBe(Enum.GetValues<TradingState>().Length, "a state with no engine still reports 0");
        measured["idle"].ShouldBe(1);
        measured[started.Status.State.ToWireName()].ShouldBe(1);
        measured.Values.Sum().ShouldBe(2);
    }

    [Fact]
    public async Task ReadinessNamesAnEngineWhoseCycleJobStoppedFiring()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuartz();
        await using var provider = services.BuildServiceProvider();
        var schedulers = provider.GetRequiredService<ISchedulerFactory>();
        var scheduler = await schedulers.GetScheduler(Ct);
        var check = new SchedulerHealthCheck(schedulers, _registry, _time, Options.Create(new HealthOptions { CycleStaleAfterSeconds = 60 }));
        var engine = NewEngine("a");
        await engine.RunCycleAsync(Ct);

        (await check.CheckHealthAsync(new HealthCheckContext(), Ct)).Description.ShouldBe("The Quartz scheduler is not running (Created).");

        await scheduler.Start(Ct);
        try
        {
            (await check.CheckHealthAsync(new HealthCheckContext(), Ct)).Status.ShouldBe(HealthStatus.Healthy);

            _time.Advance(TimeSpan.FromSeconds(61));
            var late = await check.CheckHealthAsync(new HealthCheckContext(), Ct);
            late.Status.ShouldBe(HealthStatus.Unhealthy);
            late.Description!.ShouldContain(engine.Id);

            await engine.RunCycleAsync(Ct);
            (await check.CheckHealthAsync(new HealthCheckContext(), Ct)).Status.ShouldBe(HealthStatus.Healthy, "the job ran again");
        }
        finally
        {
            await scheduler.Shutdown(false, Ct);
        }
    }

    public void Dispose() => _registry.Dispose();
}
