using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Engine;

public class TradingEngineCycleTests
{
    private static readonly TradingState[] Pipeline = [TradingState.Scanning, TradingState.LevelBuilding, TradingState.SignalWait];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>breakout_v1 with the kill switch out of the way so that one run trades the whole market.</summary>
    private static TradingPreset LongRunPreset() => EngineBuilder.Preset(r => r with
    {
        KillSwitchLossLimit = 1.0,
        KillSwitchDrawdownFromDayHigh = 1.0,
        DailyRiskLimit = 1.0,
        MaxConsecutiveLosses = 20,
    });

    [Fact]
    public async Task OverAGeneratedMarketTheEngineTradesScansWhileHoldingAndSendsExactlyTheApprovedQuantities()
    {
        using var b = new EngineBuilder(seed: 42, instruments: 6, bars: 3000);
        var preset = LongRunPreset();
        var max = preset.Risk.MaxConcurrentPositions;
        var opened = new List<Position>();
        var closed = new List<Position>();
        var scannedWhileHolding = 0;
        var maxActive = 0;
        using var events = b.Engine.Subscribe(e =>
        {
            switch (e)
            {
                case PositionOpenedEvent o:
                    opened.Add(o.Position);
                    break;
                case PositionClosedEvent c:
                    closed.Add(c.Position);
                    break;
                case StateChangedEvent s when Pipeline.Contains(s.Transition.To) && b.Positions.OpenPositions.Count > 0:
                    scannedWhileHolding++;
                    break;
            }
        });
        (await b.StartAsync(preset)).Success.ShouldBeTrue();

        await b.StepAsync(3000, engine => maxActive = Math.Max(maxActive, engine.Positions.ActiveCount));

        closed.Count.ShouldBeGreaterThanOrEqualTo(1, "the engine must trade a 3000-bar market");
        scannedWhileHolding.ShouldBeGreaterThan(0, "open positions must not block scanning for further entries");
        opened.Any(p => opened.Any(q => q != p && q.OpenedAt > p.OpenedAt && (p.ClosedAt is null || q.OpenedAt < p.ClosedAt)))
            .ShouldBeTrue("a second position must open while another is still open");
        maxActive.ShouldBeLessThanOrEqualTo(max);
        var fills = await b.Paper.GetFillsAsync(0, Ct);
        var sliced = 0;
        foreach (var p in opened)
        {
            var approved = b.RecordingRisk.Decisions[p.SignalId];
            approved.Approved.ShouldBeTrue();
            p.PlannedQuantity.ShouldBe(approved.Size.Quantity, $"{p.Id}: the position plans what SIZING approved");
            // One entry order, or slices (ADR-011) whose orders together never ask for more than was approved.
            var entryOrders = fills.Where(f => f.Tag == "entry:" + p.Id).Select(f => f.OrderId).Distinct().ToList();
            if (entryOrders.Count == 0)
            {
                // Only an entry in slices is reported before it fills: its post-only clips may never fill.
                p.Status.ShouldBe(PositionStatus.Cancelled, $"{p.Id}: nothing filled, so the position was given up");
                sliced++;
                continue;
            }
            var asked = 0m;
            var isSlice = false;
            foreach (var id in entryOrders)
            {
                var order = (await b.Paper.GetOrderAsync(p.InstrumentId, id, Ct))!;
                asked += order.Quantity;
                // Slices carry the parent's client id with "s" (or "f" for a clip's fallback) and their number.
                isSlice |= System.Text.RegularExpressions.Regex.IsMatch(order.ClientOrderId, "en[0-9]+[sf][0-9]+$");
            }
            asked.ShouldBeLessThanOrEqualTo(approved.Size.Quantity, $"{p.Id}: the entry orders ask for at most the approved quantity");
            fills.Where(f => f.Tag == "entry:" + p.Id).Sum(f => f.Quantity).ShouldBe(p.EntryQuantity, $"{p.Id}: every entry fill is in the position");
            if (!isSlice)
            {
                p.EntryQuantity.ShouldBe(p.PlannedQuantity, $"{p.Id}: a single entry filled the planned quantity");
            }
            else
            {
                sliced++;
            }
        }
        sliced.ShouldBeGreaterThan(0, "entries larger than a quarter of the visible depth are executed in slices");
    }

    [Theory]
    [InlineData(TradingState.LevelBuilding)]
    [InlineData(TradingState.Sizing)]
    [InlineData(TradingState.Execution)]
    public async Task PauseMidPipelineAbandonsThePipelineAndEndsPaused(TradingState midPipeline)
    {
        using var b = new EngineBuilder(seed: 42, instruments: 6, bars: 3000);
        var opened = 0;
        using var events = b.Engine.Subscribe(e => opened += e is PositionOpenedEvent ? 1 : 0);
        (await b.StartAsync(LongRunPreset())).Success.ShouldBeTrue();
        (await b.RunCyclesUntilAsync(e => e.State == midPipeline, 3000)).ShouldBeTrue($"the run never reached {midPipeline}");
        var activeBefore = b.Engine.Positions.ActiveCount;
        var openedBefore = opened;
        var inFlight = b.Signals.ActiveSignals.Select(s => s.Id).ToList();

        var r = await b.Engine.PauseAsync(cancellationToken: Ct);

        r.Success.ShouldBeTrue(r.Message);
        r.StateBefore.ShouldBe(midPipeline);
        b.Engine.State.ShouldBe(TradingState.Paused);
        var last = b.Engine.StateMachine.History(2);
        last[0].From.ShouldBe(midPipeline);
        last[0].To.ShouldBe(TradingState.Scanning);
        last[1].To.ShouldBe(TradingState.Paused);
        last.ShouldAllBe(t => !t.Forced);
        b.Signals.ActiveSignals.Select(s => s.Id).Intersect(inFlight).ShouldBeEmpty("signals of an abandoned pipeline must not stay active");

        await b.StepAsync(30, null);

        b.Engine.State.ShouldBe(TradingState.Paused);
        opened.ShouldBe(openedBefore, "nothing approved before the pause may be executed after it");
        b.Engine.Positions.ActiveCount.ShouldBeLessThanOrEqualTo(activeBefore);
    }

    [Fact]
    public async Task WhilePausedPositionsAreStillManagedAndAStopClosesThePosition()
    {
        using var b = new EngineBuilder();
        var closed = new List<Position>();
        using var events = b.Engine.Subscribe(e =>
        {
            if (e is PositionClosedEvent c)
            {
                closed.Add(c.Position);
            }
        });
        (await b.StartAsync()).Success.ShouldBeTrue();
        await b.StepAsync();
        var p = await b.OpenPositionAsync(1, PositionSide.Long, 2_000m, 0.01m);
        (await b.Engine.PauseAsync(cancellationToken: Ct)).Success.ShouldBeTrue();

        b.Paper.SetMarkPrice(p.InstrumentId, p.StopLoss * 0.995m); // the resting stop triggers on the exchange
        b.Clock.Advance(TimeSpan.FromMinutes(1));
        await b.Engine.RunCycleAsync(Ct);

        b.Engine.State.ShouldBe(TradingState.Paused);
        p.Status.ShouldBe(PositionStatus.Closed);
        p.CloseReason.ShouldBe(ExitReason.StopLoss);
        closed.ShouldContain(p);
        b.Engine.Status.OpenPositions.ShouldBe(0);
        b.Risk.Snapshot().TradesToday.ShouldBe(1, "the closed trade counts towards the day");
    }

    [Fact]
    public async Task WhilePausedTheEngineEnforcesAStopThatIsMissingOnTheExchange()
    {
        using var b = new EngineBuilder();
        (await b.StartAsync()).Success.ShouldBeTrue();
        await b.StepAsync();
        var p = await b.OpenPositionAsync(1, PositionSide.Long, 2_000m, 0.002m);
        (await b.Engine.PauseAsync(cancellationToken: Ct)).Success.ShouldBeTrue();
        await b.Paper.CancelOrderAsync(p.InstrumentId, p.StopOrderId!, Ct);

        var stepped = 0;
        while (p.IsOpen && stepped++ < 300)
        {
            await b.StepAsync();
        }

        p.Status.ShouldBe(PositionStatus.Closed);
        b.Engine.State.ShouldBe(TradingState.Paused);
        p.CloseReason.ShouldNotBeNull();
    }

    [Fact]
    public async Task ResumeAfterPauseGoesBackToScanningAndTheEngineTradesAgain()
    {
        using var b = new EngineBuilder(seed: 42, instruments: 6, bars: 3000);
        var opened = 0;
        using var events = b.Engine.Subscribe(e => opened += e is PositionOpenedEvent ? 1 : 0);
        (await b.StartAsync(LongRunPreset())).Success.ShouldBeTrue();
        (await b.Engine.PauseAsync(cancellationToken: Ct)).Success.ShouldBeTrue();
        await b.StepAsync(1000, null);
        opened.ShouldBe(0, "a paused engine opens nothing");

        (await b.Engine.ResumeAsync(Ct)).Success.ShouldBeTrue();
        await b.StepAsync(2000, null);

        opened.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task ARefusedCommandListsTheOthersByTheNamesTheApiTakes()
    {
        using var b = new EngineBuilder(seed: 42, instruments: 6, bars: 3000);
        (await b.StartAsync(LongRunPreset())).Success.ShouldBeTrue();

        var refused = await b.Engine.ResumeAsync(Ct);

        refused.Success.ShouldBeFalse();
        // As POST …/commands/emergency-stop and the commands route spell them, not EmergencyStop.
        refused.Message.ShouldContain("available: stop, pause, reload, emergency-stop, kill-switch.");
    }

    [Fact]
    public async Task SignalsRejectedBySizingAreReportedWithTheRiskReason()
    {
        using var b = new EngineBuilder(seed: 42, instruments: 6, bars: 3000);
        var rejected = new List<SignalEvent>();
        using var events = b.Engine.Subscribe(e =>
        {
            if (e is SignalEvent { Status: SignalStatus.Rejected } s)
            {
                rejected.Add(s);
            }
        });
        var preset = EngineBuilder.Preset(r => r with { MaxConcurrentPositions = 1, KillSwitchLossLimit = 1.0, KillSwitchDrawdownFromDayHigh = 1.0, DailyRiskLimit = 1.0, MaxConsecutiveLosses = 20 });
        // Entries at once (no slices, ADR-011): the slot frees on the bars this seed's rejections were counted on.
        preset = preset with { ExecutionConfig = preset.ExecutionConfig with { EnableTwap = false, EnableIceberg = false } };
        (await b.StartAsync(preset)).Success.ShouldBeTrue();

        await b.StepAsync(3000, engine => engine.Positions.ActiveCount.ShouldBeLessThanOrEqualTo(1));

        rejected.ShouldNotBeEmpty("with one slot some signals must be turned down");
        rejected.ShouldAllBe(s => !string.IsNullOrWhiteSpace(s.Reason));
        rejected.ShouldAllBe(s => b.RecordingRisk.Decisions[s.Signal.Id].Reason == s.Reason);
    }

    [Fact]
    public async Task EachSubscriberGetsTheKindsOfEventItAsksForAndTransitionReasonsCarryThePhasesCounts()
    {
        using var b = new EngineBuilder(seed: 42, instruments: 6, bars: 1500);
        var changes = new List<StateTransition>();
        var quietEvents = new List<EngineEvent>();
        var scans = new List<ScanCompletedEvent>();
        var passedReasons = new List<(string Reason, string Expected)>();
        using var all = b.Engine.Subscribe(e =>
        {
            if (e is StateChangedEvent s)
            {
                changes.Add(s.Transition);
                if (s.Transition.To == TradingState.LevelBuilding)
                {
                    // Said of the scan that just ended, whichever bar wrote the same text first.
                    var scan = scans[^1].Scan;
                    passedReasons.Add((s.Transition.Reason, $"{scan.PassedFilters} of {scan.Count} instruments passed the filters"));
                }
            }
            else if (e is ScanCompletedEvent scan)
            {
                scans.Add(scan);
            }
        });
        var tradingEvents = new List<EngineEvent>();
        using var quiet = b.Engine.Subscribe(quietEvents.Add, EngineEventKinds.Trading | EngineEventKinds.Scans);
        using var trading = b.Engine.Subscribe(tradingEvents.Add, EngineEventKinds.Trading);
        (await b.StartAsync(LongRunPreset())).Success.ShouldBeTrue();

        await b.StepAsync(1500, null);

        quietEvents.OfType<ScanCompletedEvent>().Count().ShouldBe(scans.Count, "a subscriber without state changes still gets every scan");
        quietEvents.OfType<PositionOpenedEvent>().ShouldNotBeEmpty("and the trades");
        quietEvents.OfType<StateChangedEvent>().ShouldBeEmpty();
        tradingEvents.OfType<PositionOpenedEvent>().Count().ShouldBe(quietEvents.OfType<PositionOpenedEvent>().Count());
        tradingEvents.OfType<SignalEvent>().Count().ShouldBe(quietEvents.OfType<SignalEvent>().Count());
        tradingEvents.ShouldNotContain(e => e is StateChangedEvent || e is ScanCompletedEvent || e is LevelsBuiltEvent);
        passedReasons.ShouldNotBeEmpty();
        passedReasons.ShouldAllBe(p => p.Reason == p.Expected);
        passedReasons.Select(p => p.Reason).Distinct().Count().ShouldBeGreaterThan(1, "the counts change from bar to bar");
        changes.Where(t => t.To == TradingState.Sizing).ShouldAllBe(t => System.Text.RegularExpressions.Regex.IsMatch(t.Reason, "^(1 signal|[2-9][0-9]* signals|1[0-9]+ signals)$"));
        changes.ShouldContain(t => t.To == TradingState.Execution && (t.Reason == "1 entry approved" || t.Reason.EndsWith(" entries approved", StringComparison.Ordinal)));
    }
}
