using System.Diagnostics;
using System.Globalization;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Monitoring;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Engines;

/// <summary>
/// A whole engine (registry, replay market, paper account, recorder) whose events go through the real write-behind
/// writer to SQLite, while the database is slow or refuses writes: the engine's cycles do not wait for it, no position
/// or transition is lost, and the health sample raises the alarm while writes fail.
/// </summary>
public sealed class EngineDatabaseFaultTests
{
    private const int WarmCycles = 20;
    private const int MeasuredCycles = 300;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EngineCreateOptions Replay() => new() { StartingBalance = 10_000m, Bars = 4000, WarmupBars = 300, BarIntervalMs = 1 };

    [Fact]
    public async Task ADatabaseSlowedBy200MsPerWriteLeavesTheEngineCycleTimeUnchanged()
    {
        // A first run only warms up (JIT, the EF model), so that neither measured run pays for it.
        await MeasureCyclesAsync(TimeSpan.Zero);
        var normal = await MeasureCyclesAsync(TimeSpan.Zero);
        var slowed = await MeasureCyclesAsync(TimeSpan.FromMilliseconds(200));

        TestContext.Current.TestOutputHelper?.WriteLine($"normal database: {normal}");
        TestContext.Current.TestOutputHelper?.WriteLine($"200 ms per write: {slowed}");
        slowed.Saves.ShouldBeGreaterThan(5, "the slowed database was written to in many batches");
        slowed.DatabaseTime.ShouldBeGreaterThan(slowed.Total, "writing took longer than all the cycles together: the cycles did not wait for it");
        slowed.P95.ShouldBeLessThan(TimeSpan.FromMilliseconds(50), "no cycle waits for a 200 ms write");
        slowed.Mean.ShouldBeLessThan(normal.Mean * 2 + TimeSpan.FromMilliseconds(5), "the mean cycle time is unchanged");
    }

    [Fact]
    public async Task ALockedDatabaseNeverStopsTradingLosesAPositionOrHidesTheAlarm()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var contexts = new FaultableDatabase(database);
        using var writer = Writer(contexts, batchSize: 500);
        await writer.StartAsync(Ct);
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, writer, Presets());
        var handle = registry.Create("alice", "A", "breakout_v1", Replay());
        var transitions = 0;
        using var counting = handle.Engine.Subscribe(e => transitions += e is StateChangedEvent ? 1 : 0);
        var monitor = new ResourceMonitor(Options.Create(new ResourceMonitorOptions()), TimeProvider.System, contexts,
            new JobFolders(Options.Create(new JobsOptions()), Options.Create(new DatabaseOptions { DataFolder = Path.GetTempPath() })),
            NullLogger<ResourceMonitor>.Instance, writer);

        contexts.Fail(() => new SqliteException("SQLite Error 5: 'database is locked'.", 5));
        (await handle.ExecuteAsync(EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();
        // The start's transitions are queued: the engine trades on once the writer has met the lock.
        await Eventually.WaitUntilAsync(() => writer.Retries > 0, "the writer meeting the locked database");
        var cycles = 0;
        while (!(handle.Engine.Positions.OpenPositions.Any(p => p.StopOrderId is not null) && handle.Engine.Positions.ClosedCount > 0) && !handle.Market.Finished)
        {
            await handle.RunCycleAsync(Ct);
            cycles++;
        }
        handle.Engine.Positions.OpenPositions.ShouldNotBeEmpty("the engine opened positions while the database refused every write");
        var barBefore = handle.Market.Clock.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            await handle.RunCycleAsync(Ct);
            cycles++;
        }
        handle.Market.Clock.GetUtcNow().ShouldBeGreaterThan(barBefore, "the engine keeps cycling");
        var open = handle.Engine.Positions.OpenPositions;
        var closed = handle.Engine.Positions.ClosedPositions;
        handle.Engine.State.IsTradingActive().ShouldBeTrue($"still trading after {cycles} cycles, not {handle.Engine.State}");
        writer.Written.ShouldBe(0);
        writer.Failed.ShouldBe(0);
        writer.Dropped.ShouldBe(0);
        var failing = await monitor.SampleAsync(Ct);
        failing.WriteAlarm.ShouldBeTrue();
        failing.WriteError.ShouldNotBeNull().ShouldContain("database is locked");
        failing.WriteQueuePending.ShouldBeGreaterThan(transitions - 1, "every transition is still pending");
        failing.WriteQueueRetries.ShouldBeGreaterThan(0);

        contexts.Heal();
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var db = await database.OpenAsync();
            return await db.StateTransitions.CountAsync(t => t.EngineId == handle.Id, Ct) == transitions;
        }, $"all {transitions} transitions stored after the database came back", TimeSpan.FromSeconds(30));
        await writer.StopAsync(Ct);
        await using (var db = await database.OpenAsync())
        {
            var rows = await db.Positions.Where(p => p.EngineId == handle.Id).ToDictionaryAsync(p => p.PositionId, Ct);
            foreach (var p in open)
            {
                rows.ShouldContainKey(p.Id);
                rows[p.Id].Status.ShouldBe(PositionStatus.Open);
                rows[p.Id].Quantity.ShouldBe(p.Quantity);
            }
            foreach (var p in closed)
            {
                rows.ShouldContainKey(p.Id);
                rows[p.Id].Status.ShouldBe(PositionStatus.Closed);
            }
            (await db.Fills.CountAsync(f => f.EngineId == handle.Id, Ct)).ShouldBeGreaterThan(0);
        }
        var healed = await monitor.SampleAsync(Ct);
        healed.WriteAlarm.ShouldBeFalse();
        healed.WriteQueuePending.ShouldBe(0);
        writer.Failed.ShouldBe(0);
    }

    /// <summary>breakout_v1 whose kill switch does not end the run early on the generated market's losing streaks.</summary>
    private static TestPresetSource Presets()
    {
        var presets = new TestPresetSource();
        var preset = PresetCatalog.Get("breakout_v1");
        presets.Put(preset with { Risk = preset.Risk with { MaxConsecutiveLosses = 20, KillSwitchLossLimit = 0.5, KillSwitchDrawdownFromDayHigh = 0.5, DailyRiskLimit = 0.5 } });
        return presets;
    }

    private static EngineEventWriter Writer(IDbContextFactory<BreakoutBotDbContext> contexts, int batchSize) =>
        new(contexts, Options.Create(new WriteBehindOptions { FlushIntervalMs = 10, BatchSize = batchSize, RetryBaseDelayMs = 20, RetryMaxDelayMs = 200 }),
            TimeProvider.System, NullLogger<EngineEventWriter>.Instance);

    /// <summary>Runs one engine for <see cref="MeasuredCycles"/> replayed bars with every database write delayed by <paramref name="delay"/>, then waits for every transition to be stored.</summary>
    private static async Task<CycleTimes> MeasureCyclesAsync(TimeSpan delay)
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var contexts = new FaultableDatabase(database) { Delay = delay };
        // Small batches: many writes, each paying the delay.
        using var writer = Writer(contexts, batchSize: 50);
        await writer.StartAsync(Ct);
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, writer, Presets());
        var handle = registry.Create("alice", "A", "breakout_v1", Replay());
        var transitions = 0;
        using var counting = handle.Engine.Subscribe(e => transitions += e is StateChangedEvent ? 1 : 0);
        (await handle.ExecuteAsync(EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();
        for (var i = 0; i < WarmCycles; i++)
        {
            await handle.RunCycleAsync(Ct);
        }
        var times = new List<TimeSpan>(MeasuredCycles);
        for (var i = 0; i < MeasuredCycles; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await handle.RunCycleAsync(Ct);
            times.Add(Stopwatch.GetElapsedTime(started));
        }
        handle.Engine.State.IsTradingActive().ShouldBeTrue($"state {handle.Engine.State}, bar {handle.Market.Clock.GetUtcNow()}, {handle.Engine.Status.LastError}");
        var draining = Stopwatch.GetTimestamp();
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var db = await database.OpenAsync();
            return await db.StateTransitions.CountAsync(t => t.EngineId == handle.Id, Ct) == transitions;
        }, $"all {transitions} transitions stored", TimeSpan.FromSeconds(60));
        var drained = Stopwatch.GetElapsedTime(draining);
        await writer.StopAsync(Ct);
        writer.Failed.ShouldBe(0);
        writer.Dropped.ShouldBe(0);
        times.Sort();
        return new CycleTimes(
            Mean: TimeSpan.FromTicks((long)times.Average(t => t.Ticks)),
            P95: times[(int)(times.Count * 0.95)],
            Max: times[^1],
            Total: TimeSpan.FromTicks(times.Sum(t => t.Ticks)),
            Saves: contexts.Saves,
            DatabaseTime: delay * contexts.Saves,
            Drained: drained,
            Transitions: transitions);
    }

    private sealed record CycleTimes(TimeSpan Mean, TimeSpan P95, TimeSpan Max, TimeSpan Total, int Saves, TimeSpan DatabaseTime, TimeSpan Drained, int Transitions)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{MeasuredCycles} cycles: mean {Mean.TotalMilliseconds:F2} ms, p95 {P95.TotalMilliseconds:F2} ms, max {Max.TotalMilliseconds:F1} ms, all cycles {Total.TotalMilliseconds:F0} ms; " +
            $"{Transitions} transitions in {Saves} writes ({DatabaseTime.TotalMilliseconds:F0} ms of write delay), the last stored {Drained.TotalMilliseconds:F0} ms after the last cycle");
    }
}
