using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Engines;

public sealed class EngineRegistryTests
{
    private static EngineCreateOptions Small(decimal balance) => new() { StartingBalance = balance, Bars = 3000, WarmupBars = 300, BarIntervalMs = 1 };

    private static async Task ReplayToEndAsync(EngineHandle handle)
    {
        while (!handle.Market.Finished)
        {
            await handle.RunCycleAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task EachEngineTradesIndependentlyOnItsOwnAccount()
    {
        var sink = new RecordingSink();
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, sink);
        var alice = registry.Create("alice", "Alice's engine", "breakout_v1", Small(10_000m));
        var bob = registry.Create("bob", "Bob's engine", "breakout_v1", Small(50_000m));
        (await alice.ExecuteAsync(EngineCommand.Start, null)).Success.ShouldBeTrue();

        await ReplayToEndAsync(alice);

        var aliceStatus = alice.Status;
        aliceStatus.ClosedTrades.ShouldBeGreaterThan(0, "the engine must trade a 3000-bar market");
        aliceStatus.Equity.ShouldNotBe(10_000m);
        // Bob's engine was never started: its account and market did not move while Alice's traded.
        var bobBalance = await bob.Market.Paper!.GetBalanceAsync(TestContext.Current.CancellationToken);
        bobBalance.Equity.ShouldBe(50_000m);
        (await bob.Market.Paper!.GetFillsAsync(0, TestContext.Current.CancellationToken)).ShouldBeEmpty();
        bob.Market.BarsReplayed.ShouldBe(301);

        (await bob.ExecuteAsync(EngineCommand.Start, null)).Success.ShouldBeTrue();
        await ReplayToEndAsync(bob);

        bob.Status.ClosedTrades.ShouldBeGreaterThan(0);
        alice.Status.Equity.ShouldBe(aliceStatus.Equity, "Bob's trading must not touch Alice's account");
        alice.Status.ClosedTrades.ShouldBe(aliceStatus.ClosedTrades);
        // Every event is forwarded to the sink, tagged with its engine.
        sink.EngineIds.ShouldContain(alice.Id);
        sink.EngineIds.ShouldContain(bob.Id);
    }

    [Fact]
    public void ListForReturnsOnlyTheOwnersEngines()
    {
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
        var a1 = registry.Create("alice", "one", "breakout_v1", Small(1_000m) with { Bars = 600 });
        var b1 = registry.Create("bob", "two", "breakout_v1", Small(1_000m) with { Bars = 600 });
        var a2 = registry.Create("alice", "three", "breakout_v1", Small(1_000m) with { Bars = 600 });

        registry.ListFor("alice").Select(h => h.Id).ShouldBe([a1.Id, a2.Id]);
        registry.ListFor("bob").Select(h => h.Id).ShouldBe([b1.Id]);
        registry.ListFor("carol").ShouldBeEmpty();
        registry.ListAll().Count.ShouldBe(3);
        registry.Get(b1.Id).ShouldBeSameAs(b1);

        registry.Remove(a1.Id).ShouldBeTrue();
        registry.Remove(a1.Id).ShouldBeFalse();
        registry.ListFor("alice").Select(h => h.Id).ShouldBe([a2.Id]);
        registry.Get(a1.Id).ShouldBeNull();
    }

    [Fact]
    public void SubscribersHearOfEveryEngineAddedAndRemoved()
    {
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
        var changes = new List<EngineRegistryChange>();
        using var subscription = registry.Subscribe(changes.Add);

        var h = registry.Create("alice", "one", "breakout_v1", Small(1_000m) with { Bars = 600 });
        registry.Remove(h.Id);

        changes.Select(c => (c.Handle.Id, c.Added)).ShouldBe([(h.Id, true), (h.Id, false)]);
    }

    [Fact]
    public void AReplayEnginesPaperAccountChargesItsPresetsFees()
    {
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());

        var h = registry.Create("alice", "one", "breakout_v1", Small(1_000m) with { Bars = 600 });

        // breakout_v1: execution_config.taker_fee_bps 6.5, maker_fee_bps 1.5 (ADR-007).
        h.Market.Paper!.Options.TakerFeeBps.ShouldBe(6.5m);
        h.Market.Paper!.Options.MakerFeeBps.ShouldBe(1.5m);
    }

    [Fact]
    public void RefusesAnUnknownPresetAndBadOptionsWithAClearMessage()
    {
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());

        Should.Throw<DomainException>(() => registry.Create("alice", "x", "no_such_preset", Small(1_000m))).Message.ShouldContain("no_such_preset");
        Should.Throw<DomainException>(() => registry.Create("alice", "x", "breakout_v1", Small(5m))).Message.ShouldContain("StartingBalance");
        Should.Throw<DomainException>(() => registry.Create("alice", " ", "breakout_v1", Small(1_000m))).Message.ShouldContain("name");
        registry.ListAll().ShouldBeEmpty();
    }

    [Fact]
    public async Task TheStatusCacheOnlyChangesWhenRefreshed()
    {
        using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
        var h = registry.Create("alice", "one", "breakout_v1", Small(1_000m) with { Bars = 600 });
        var before = h.Status;

        h.RefreshStatus();
        h.EquityCurve.ShouldBeEmpty("an engine that has not stepped a bar has no equity to chart yet (not a point at 0)");
        before = h.Status;

        await h.Engine.StartAsync("breakout_v1", TradingMode.Paper, TestContext.Current.CancellationToken);

        h.Status.ShouldBeSameAs(before, "pages read the cache, which the engine does not write");
        h.RefreshStatus().State.ShouldBe(TradingState.Scanning);
        h.Status.State.ShouldBe(TradingState.Scanning);
        h.EquityCurve.ShouldNotBeEmpty();
        h.EquityCurve.ShouldAllBe(sample => sample.Equity > 0);
    }

    private sealed class RecordingSink : IEngineEventSink
    {
        private readonly Lock _gate = new();
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

        public IReadOnlyCollection<string> EngineIds
        {
            get
            {
                lock (_gate)
                {
                    return _ids.ToList();
                }
            }
        }

        public void Publish(EngineEvent engineEvent)
        {
            lock (_gate)
            {
                _ids.Add(engineEvent.EngineId);
            }
        }
    }
}
