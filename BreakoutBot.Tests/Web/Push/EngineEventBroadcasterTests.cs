using System.Text.Json;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Engines.Push;
using Microsoft.Extensions.Logging.Abstractions;
using BreakoutBot.Infrastructure.Exchanges.Paper;

namespace BreakoutBot.Tests.Web.Push;

/// <summary>The in-process engine event hub: fan-out per engine, never waiting on a subscriber, drop-oldest counted, unsubscribe.</summary>
public sealed class EngineEventBroadcasterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static EngineEventBroadcaster NewBroadcaster() => new(TimeProvider.System, NullLogger<EngineEventBroadcaster>.Instance);

    private static StateChangedEvent Transition(string engineId, int n) =>
        new(engineId, T0.AddSeconds(n), new StateTransition(TradingState.Scanning, TradingState.LevelBuilding, "step " + n, new Dictionary<string, string>(), T0.AddSeconds(n), false));

    private static List<EnginePushMessage> Drain(EngineSubscription subscription)
    {
        var messages = new List<EnginePushMessage>();
        while (subscription.Reader.TryRead(out var m))
        {
            messages.Add(m);
        }
        return messages;
    }

    private static string Reason(EnginePushMessage m) => JsonSerializer.SerializeToElement(m.Data).GetProperty("reason").GetString()!;

    [Fact]
    public void ASubscriberThatNeverReadsNeitherBlocksThePublisherNorOthersAndLosesItsOldestMessagesCounted()
    {
        var broadcaster = NewBroadcaster();
        using var stalled = broadcaster.Subscribe("e1", capacity: 4);
        using var reading = broadcaster.Subscribe("e1", capacity: 2_000);

        // Publish returns every time although "stalled" never reads: the publisher never waits on a subscriber.
        for (var i = 0; i < 1_000; i++)
        {
            broadcaster.Publish(Transition("e1", i));
        }

        stalled.Dropped.ShouldBe(996);
        Drain(stalled).Select(Reason).ShouldBe(["step 996", "step 997", "step 998", "step 999"], "the newest are kept, the oldest dropped");
        reading.Dropped.ShouldBe(0);
        Drain(reading).Count.ShouldBe(1_000);
        broadcaster.Dropped.ShouldBe(996);
        broadcaster.Published.ShouldBe(1_000);
    }

    [Fact]
    public void EachSubscriberGetsOnlyItsEngineAndAnEveryEngineSubscriberGetsAll()
    {
        var broadcaster = NewBroadcaster();
        using var one = broadcaster.Subscribe("e1");
        using var two = broadcaster.Subscribe("e2");
        using var every = broadcaster.Subscribe(null);

        broadcaster.Publish(Transition("e1", 1));
        broadcaster.Publish(Transition("e2", 2));
        broadcaster.Publish(Transition("e3", 3));

        Drain(one).Select(m => m.EngineId).ShouldBe(["e1"]);
        Drain(two).Select(m => m.EngineId).ShouldBe(["e2"]);
        Drain(every).Select(m => m.EngineId).ShouldBe(["e1", "e2", "e3"]);
    }

    [Fact]
    public async Task AfterUnsubscribingTheFeedEndsAndGetsNothingMore()
    {
        var broadcaster = NewBroadcaster();
        var subscription = broadcaster.Subscribe("e1");
        broadcaster.Publish(Transition("e1", 1));
        broadcaster.SubscriberCount.ShouldBe(1);

        subscription.Dispose();
        broadcaster.Publish(Transition("e1", 2));

        broadcaster.SubscriberCount.ShouldBe(0);
        Drain(subscription).Select(Reason).ShouldBe(["step 1"], "what was queued before unsubscribing may still be read; nothing after");
        await subscription.Reader.Completion.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void TransitionsErrorsAndTheKillSwitchUseTheOriginalBotsMessageShapes()
    {
        var broadcaster = NewBroadcaster();
        using var feed = broadcaster.Subscribe("e1");

        broadcaster.Publish(Transition("e1", 1));
        broadcaster.Publish(new KillSwitchEvent("e1", T0, new BreakoutBot.Domain.Risk.KillSwitchState(true, "Daily loss limit", T0)));

        var messages = Drain(feed);
        messages.Select(m => m.Type).ShouldBe([EnginePushTypes.FsmTransition, EnginePushTypes.KillSwitch]);
        var fsm = JsonSerializer.SerializeToElement(messages[0].Data);
        fsm.GetProperty("from_state").GetString().ShouldBe("scanning");
        fsm.GetProperty("to_state").GetString().ShouldBe("level_building");
        fsm.GetProperty("reason").GetString().ShouldBe("step 1");
        messages[0].Ts.ShouldBe(T0.AddSeconds(1).ToUnixTimeMilliseconds());
        JsonSerializer.SerializeToElement(messages[1].Data).GetProperty("reason").GetString().ShouldBe("Daily loss limit");
    }

    [Fact]
    public async Task AStopMoveAndATakeProfitSeenByTheRecorderArePushedAsStopMovedAndTakeProfit()
    {
        var broadcaster = NewBroadcaster();
        using var feed = broadcaster.Subscribe("e1");
        // An empty paper account: only the position below changes between the two collections.
        var exchange = new PaperExchangeClient(_ => null, TimeProvider.System);
        using var recorder = new ExchangeRecorder("e1", exchange, TimeProvider.System, broadcaster.Publish);
        var position = new Position("p1", "BTC-USDT-SWAP", PositionSide.Long, "breakout", "s1", 1m, 100m, 95m, 110m, 120m, T0);
        position.ApplyEntryFill(1m, 100m, 0.05m, T0);
        var ct = TestContext.Current.CancellationToken;

        await recorder.CollectAsync([position], ct);
        position.TightenStop(100.1m, isBreakeven: true, isTrailing: false, T0.AddMinutes(5));
        position.ApplyExitFill(0.5m, 110m, 0.03m, T0.AddMinutes(5), ExitReason.TakeProfit1, "tp1");
        await recorder.CollectAsync([position], ct);

        var messages = Drain(feed);
        var stop = JsonSerializer.SerializeToElement(messages.Single(m => m.Type == EnginePushTypes.StopMoved).Data);
        stop.GetProperty("position_id").GetString().ShouldBe("p1");
        stop.GetProperty("old_sl").GetDecimal().ShouldBe(95m);
        stop.GetProperty("new_sl").GetDecimal().ShouldBe(100.1m);
        var tp = JsonSerializer.SerializeToElement(messages.Single(m => m.Type == EnginePushTypes.TakeProfit).Data);
        tp.GetProperty("position_id").GetString().ShouldBe("p1");
        tp.GetProperty("target").GetInt32().ShouldBe(1);
        tp.GetProperty("pnl").GetDecimal().ShouldBe(position.NetPnl);
        messages.Count(m => m.Type == EnginePushTypes.PositionUpdate).ShouldBe(2);
    }

    [Fact]
    public async Task TheRegistryPushesEachEnginesTransitionsAndStatusAndItsRemoval()
    {
        var broadcaster = NewBroadcaster();
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink(), broadcaster: broadcaster);
        using var every = broadcaster.Subscribe(null);
        var handle = registry.Create("alice", "one", "breakout_v1", new EngineCreateOptions { StartingBalance = 1_000m, Bars = 600, WarmupBars = 300, BarIntervalMs = 1 });

        (await handle.ExecuteAsync(EngineCommand.Start, null, TestContext.Current.CancellationToken)).Success.ShouldBeTrue();
        registry.Remove(handle.Id);

        var messages = Drain(every);
        messages.ShouldAllBe(m => m.EngineId == handle.Id);
        messages[0].Type.ShouldBe(EnginePushTypes.EngineUpdate, "a new engine is announced with its status");
        messages.ShouldContain(m => m.Type == EnginePushTypes.FsmTransition && JsonSerializer.SerializeToElement(m.Data, (JsonSerializerOptions?)null).GetProperty("from_state").GetString() == "idle");
        JsonSerializer.SerializeToElement(messages.Last(m => m.Type == EnginePushTypes.EngineUpdate).Data).GetProperty("state").GetString().ShouldNotBe("idle");
        messages[^1].Type.ShouldBe(EnginePushTypes.EngineRemoved);
    }
}
