using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Engine;

public class ScanFunnelCounterTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 6, 10, 0, 0, TimeSpan.Zero);

    private static ScanResult Result(string id, UncheckedConditions notChecked, params int[] failing)
    {
        var filters = new FilterDictionary();
        for (var i = 0; i < FilterDictionary.Names.Count; i++)
        {
            filters[i] = failing.Contains(i) ? new FilterResult(false, 1, 2, "below") : new FilterResult(true, 2, 1, "ok");
        }
        return new ScanResult(id, 0d, 1, filters, new Dictionary<string, double>(), new ScanMetrics(), [], T0) { NotChecked = notChecked };
    }

    private static ScanOutcome Scan(params ScanResult[] results) => new(T0, results.Length, results);

    private static Signal SignalOf(SignalStrategy strategy, string id) =>
        EngineBuilder.MakeSignal(id, "A-USDT-SWAP", PositionSide.Long, 100m, 98m, 0d, T0) with { Strategy = strategy };

    [Fact]
    public void CountsInstrumentBarsFailuresPerFilterCandidatesAndConditionsNotAvailable()
    {
        var counter = new ScanFunnelCounter();
        const UncheckedConditions oi = UncheckedConditions.OiDelta;

        counter.RecordScan(Scan(
            Result("A", oi),
            Result("B", oi, FilterDictionary.MinVolume, FilterDictionary.AtrRange),
            Result("C", oi | UncheckedConditions.L2Imbalance, FilterDictionary.DataHealth)));
        counter.RecordScan(Scan(Result("A", oi, FilterDictionary.AtrRange), Result("B", oi)));
        var (total, last) = counter.Snapshot();

        total.Scans.ShouldBe(2);
        total.InstrumentBarsScanned.ShouldBe(5);
        total.Candidates.ShouldBe(2);
        total.FailedByFilter["min_24h_volume"].ShouldBe(1);
        total.FailedByFilter["atr_range"].ShouldBe(2);
        total.FailedByFilter["data_health"].ShouldBe(1);
        total.FailedByFilter.Keys.ShouldBe(FilterDictionary.Names, "every filter, in the scanner's order");
        total.FailedByFilter.Values.Sum().ShouldBe(4);
        total.NotAvailableByCondition["oi_delta"].ShouldBe(5);
        total.NotAvailableByCondition["l2_imbalance"].ShouldBe(1);
        total.NotAvailableByCondition["min_oi"].ShouldBe(0);
        last.Scans.ShouldBe(1);
        last.InstrumentBarsScanned.ShouldBe(2);
        last.Candidates.ShouldBe(1);
        last.FailedByFilter["atr_range"].ShouldBe(1);
        last.FailedByFilter["min_24h_volume"].ShouldBe(0);
    }

    [Fact]
    public void CountingAScanAndItsPassAllocatesNothing()
    {
        var counter = new ScanFunnelCounter();
        var scan = Scan(Enumerable.Range(0, 300).Select(i => Result("I" + i, UncheckedConditions.OiDelta, i % 3 == 0 ? [FilterDictionary.BbWidth] : [])).ToArray());
        IReadOnlyList<Signal> signals = [SignalOf(SignalStrategy.Momentum, "s1")];
        var decision = RiskDecision.Reject(signals[0], RiskVeto.NoFreeSlot, "No free slot.");
        void Pass()
        {
            counter.RecordScan(scan);
            counter.RecordLevels(3);
            counter.RecordSignals(signals);
            counter.RecordDecision(decision);
            counter.RecordOrderSent();
            counter.RecordEntryFailure();
        }
        Pass();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Pass();
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.ShouldBe(0L);
        counter.Snapshot().Cumulative.InstrumentBarsScanned.ShouldBe(101 * 300);
    }

    [Fact]
    public void AScanResultWithPlainFiltersIsCountedByName()
    {
        var counter = new ScanFunnelCounter();
        var filters = new Dictionary<string, FilterResult>
        {
            ["bb_width"] = new(false, 1, 2, "narrow"),
            ["custom_rule"] = new(false, 0, 1, "no"),
            ["min_oi"] = FilterResult.NotAvailable("no open interest"),
        };

        counter.RecordScan(Scan(new ScanResult("A", 0d, 1, filters, new Dictionary<string, double>(), new ScanMetrics(), [], T0)));
        var total = counter.Snapshot().Cumulative;

        total.FailedByFilter["bb_width"].ShouldBe(1);
        total.FailedByFilter["custom_rule"].ShouldBe(1);
        total.FailedByFilter["min_oi"].ShouldBe(0, "a filter that is not available did not fail");
        total.Candidates.ShouldBe(0);

        // A second scan: the total keeps both, the last pass only its own.
        counter.RecordScan(Scan(new ScanResult("A", 0d, 1, filters, new Dictionary<string, double>(), new ScanMetrics(), [], T0)));
        var (cumulative, last) = counter.Snapshot();
        cumulative.FailedByFilter["custom_rule"].ShouldBe(2);
        cumulative.FailedByFilter["bb_width"].ShouldBe(2);
        last.FailedByFilter["custom_rule"].ShouldBe(1);
        last.FailedByFilter["bb_width"].ShouldBe(1);
    }

    [Fact]
    public void TheLastScanFunnelFollowsOnePassWhileTheTotalKeepsEveryStage()
    {
        var counter = new ScanFunnelCounter();
        var momentum = SignalOf(SignalStrategy.Momentum, "s1");
        var retest = SignalOf(SignalStrategy.Retest, "s2");

        counter.RecordScan(Scan(Result("A", UncheckedConditions.None), Result("B", UncheckedConditions.None)));
        counter.RecordLevels(2);
        counter.RecordSignals([momentum, retest]);
        counter.RecordDecision(new RiskDecision(momentum, true, "ok", PositionSize.Invalid("n/a"), false));
        counter.RecordDecision(RiskDecision.Reject(retest, RiskVeto.NoFreeSlot, "No free slot: 3 of 3 positions open."));
        counter.RecordOrderSent();
        counter.RecordFill();
        var first = counter.Snapshot();
        counter.RecordScan(Scan(Result("A", UncheckedConditions.None, FilterDictionary.BbWidth)));
        var (total, last) = counter.Snapshot();

        first.LastScan.ShouldBeEquivalentTo(first.Cumulative);
        first.LastScan.SignalsByStrategy.ShouldBe(new Dictionary<string, long> { ["momentum"] = 1, ["retest"] = 1 });
        first.LastScan.RiskVetoesByReason.ShouldBe(new Dictionary<string, long> { ["no_free_slot"] = 1 });
        total.Scans.ShouldBe(2);
        total.InstrumentBarsScanned.ShouldBe(3);
        total.Candidates.ShouldBe(2);
        total.WithLevels.ShouldBe(2);
        total.Signals.ShouldBe(2);
        total.Approved.ShouldBe(1);
        total.RiskVetoes.ShouldBe(1);
        total.OrdersSent.ShouldBe(1);
        total.Fills.ShouldBe(1);
        last.Scans.ShouldBe(1);
        last.InstrumentBarsScanned.ShouldBe(1);
        last.Candidates.ShouldBe(0);
        last.Signals.ShouldBe(0);
        last.SignalsByStrategy["momentum"].ShouldBe(0);
        last.RiskVetoesByReason.ShouldBeEmpty();
        last.Fills.ShouldBe(0);
    }

    [Fact]
    public void RiskVetoesAreCountedByCategoryAndARefusalWithoutOneAsOther()
    {
        var counter = new ScanFunnelCounter();
        var s = SignalOf(SignalStrategy.Momentum, "s1");

        counter.RecordDecision(RiskDecision.Reject(s, RiskVeto.SizeBelowLotStep, "Size rounds down to zero at lot step 1."));
        counter.RecordDecision(RiskDecision.Reject(s, "a refusal written without a category"));
        counter.RecordDecision(RiskDecision.Reject(s, RiskVeto.NoFreeSlot, "No free slot: 3 of 3 positions open."));
        counter.RecordDecision(RiskDecision.Reject(s, RiskVeto.NoFreeSlot, "No free slot: 2 of 2 positions open."));
        var total = counter.Snapshot().Cumulative;

        total.RiskVetoes.ShouldBe(4);
        total.RiskVetoesByReason.ToList().ShouldBe(
        [
            new KeyValuePair<string, long>("other", 1),
            new KeyValuePair<string, long>("no_free_slot", 2),
            new KeyValuePair<string, long>("size_below_lot_step", 1),
        ]);
    }

    [Fact]
    public void RiskManagerRefusalsCarryTheirCategory()
    {
        var preset = EngineBuilder.Preset(r => r with { MaxConcurrentPositions = 2 });
        var risk = new RiskManager();
        risk.Observe(10_000m, T0, preset.Risk);
        var holding = new PortfolioView([new PortfolioEntry("A-USDT-SWAP", PositionSide.Long, 1_000m, 0d)]);
        Instrument? InstrumentOf(string id) => id == "HUGE-USDT-SWAP"
            ? new Instrument(id, InstrumentKind.Swap, 0.01m, 1_000_000m, 1_000_000m)
            : new Instrument(id, InstrumentKind.Swap, 0.01m, 0.01m, 0.01m);
        var signals = new[]
        {
            EngineBuilder.MakeSignal("s-a", "A-USDT-SWAP", PositionSide.Long, 100m, 98m, 0d, T0),
            EngineBuilder.MakeSignal("s-huge", "HUGE-USDT-SWAP", PositionSide.Long, 100m, 98m, 0d, T0),
            EngineBuilder.MakeSignal("s-b", "B-USDT-SWAP", PositionSide.Long, 100m, 98m, 0d, T0),
            EngineBuilder.MakeSignal("s-c", "C-USDT-SWAP", PositionSide.Long, 100m, 98m, 0d, T0),
        };

        var decisions = risk.Evaluate(signals, holding, preset, 10_000m, InstrumentOf, _ => null);

        decisions.Select(d => d.Veto).ShouldBe(
            [RiskVeto.PositionAlreadyOpen, RiskVeto.SizeBelowLotStep, RiskVeto.None, RiskVeto.NoFreeSlot],
            string.Join(" | ", decisions.Select(d => d.Reason)));
        decisions[2].Approved.ShouldBeTrue();
    }
}
