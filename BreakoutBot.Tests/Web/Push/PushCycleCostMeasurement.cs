using System.Diagnostics;
using System.Globalization;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Engines.Push;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Web.Push;

/// <summary>
/// The measurement behind ADR-017's "never slows the cycle" (opt-in, BREAKOUTBOT_PUSH_LOAD=1): the same replay engine
/// (breakout_v1, generated market) runs the same cycles through the registry with nobody watching and with 50
/// subscribers of which 49 read everything and one never reads; the cycle times are reported side by side, repeated
/// three times in alternation. It fails only when the runs did not trade the same (the push must not change the engine).
/// </summary>
public sealed class PushCycleCostMeasurement
{
    private const int Cycles = 1_500;

    [Fact]
    public async Task CyclesWithAndWithoutFiftySubscribers()
    {
        if (Environment.GetEnvironmentVariable("BREAKOUTBOT_PUSH_LOAD") != "1")
        {
            Assert.Skip("A measurement, not a test: set BREAKOUTBOT_PUSH_LOAD=1 to run it.");
            return;
        }
        var lines = new List<string>();
        var trades = new HashSet<int>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var watched in new[] { false, true })
            {
                var (mean, p99, closed, published, dropped) = await RunAsync(watched);
                trades.Add(closed);
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{(watched ? "50 subscribers (1 stalled)" : "no subscriber            ")}: mean {mean:0.000} ms, p99 {p99:0.000} ms per cycle; {closed} trades; {published} messages pushed, {dropped} dropped"));
            }
        }
        var report = string.Join(Environment.NewLine, lines);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "breakoutbot-push-cycles.txt"), report, TestContext.Current.CancellationToken);
        trades.Count.ShouldBe(1, "watching an engine must not change what it does");
    }

    private static async Task<(double Mean, double P99, int Closed, long Published, long Dropped)> RunAsync(bool watched)
    {
        var ct = TestContext.Current.CancellationToken;
        var broadcaster = new EngineEventBroadcaster(TimeProvider.System, NullLogger<EngineEventBroadcaster>.Instance);
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink(), broadcaster: broadcaster);
        var handle = registry.Create("alice", "measured", "breakout_v1", new EngineCreateOptions { StartingBalance = 10_000m, Bars = Cycles + 400, WarmupBars = 300, BarIntervalMs = 1 });
        var subscriptions = new List<EngineSubscription>();
        var readers = new List<Task>();
        if (watched)
        {
            subscriptions.Add(broadcaster.Subscribe(handle.Id, capacity: 16));
            for (var i = 0; i < 49; i++)
            {
                var s = broadcaster.Subscribe(handle.Id);
                subscriptions.Add(s);
                readers.Add(Task.Run(async () =>
                {
                    await foreach (var _ in s.Reader.ReadAllAsync())
                    {
                    }
                }));
            }
        }
        (await handle.ExecuteAsync(EngineCommand.Start, null, ct)).Success.ShouldBeTrue();
        var times = new List<double>(Cycles);
        for (var i = 0; i < Cycles && !handle.Market.Finished; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await handle.RunCycleAsync(ct);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var published = broadcaster.Published;
        var dropped = broadcaster.Dropped;
        foreach (var s in subscriptions)
        {
            s.Dispose();
        }
        await Task.WhenAll(readers);
        times.Sort();
        return (times.Average(), times[(int)(times.Count * 0.99)], handle.Status.ClosedTrades, published, dropped);
    }
}
