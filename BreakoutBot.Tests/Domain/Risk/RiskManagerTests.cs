using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Risk;

/// <summary>Sizing, slots, buying power and exposure; the day's loss limits and the kill switch are in RiskManagerTests.DailyLoss.cs.</summary>
public partial class RiskManagerTests
{
    private static readonly DateTimeOffset Day1 = new(2024, 5, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly Instrument Coin = new("COIN-USDT-SWAP", InstrumentKind.Swap, 0.01m, 0.01m, 0.01m, 1m);

    private static TradingPreset Preset(Func<RiskConfig, RiskConfig>? risk = null) => EngineBuilder.Preset(risk);

    private static Signal Long(string instrumentId, double btcCorrelation = 0d, string? id = null) =>
        EngineBuilder.MakeSignal(id ?? "sig-" + instrumentId, instrumentId, PositionSide.Long, 100m, 98m, btcCorrelation, Day1);

    private static Signal Short(string instrumentId, double btcCorrelation = 0d) =>
        EngineBuilder.MakeSignal("sig-s-" + instrumentId, instrumentId, PositionSide.Short, 100m, 102m, btcCorrelation, Day1);

    private static PortfolioView Holding(params (string Id, PositionSide Side, double Corr)[] entries) =>
        new(entries.Select(e => new PortfolioEntry(e.Id, e.Side, 5_000m, e.Corr)).ToList());

    private static IReadOnlyList<RiskDecision> Evaluate(RiskManager risk, TradingPreset preset, PortfolioView portfolio, params Signal[] signals) =>
        risk.Evaluate(signals, portfolio, preset, 10_000m, id => new Instrument(id, InstrumentKind.Swap, 0.01m, 0.01m, 0.01m, 1m), _ => null);

    private static RiskManager ObservedAt(decimal equity, TradingPreset preset)
    {
        var risk = new RiskManager();
        risk.Observe(equity, Day1, preset.Risk);
        return risk;
    }

    [Theory]
    [InlineData(3, 0, 3)]
    [InlineData(3, 2, 1)]
    [InlineData(3, 3, 0)]
    [InlineData(3, 5, 0)]
    public void FreeSlotsAreTheConcurrentLimitLessTheActivePositionsNeverNegative(int limit, int active, int free)
    {
        var preset = Preset(r => r with { MaxConcurrentPositions = limit });

        new RiskManager().FreeSlots(preset.Risk, active).ShouldBe(free);
    }

    [Fact]
    public void CapsTheSizeAtTheRemainingBuyingPower()
    {
        // 10,000 equity at max leverage 3 gives 28,500 of buying power (95 %); 20,000 is already open.
        var preset = Preset(r => r with { MaxLeverage = 3, MaxPositionSizeUsd = null, RiskPerTrade = 0.05, DailyRiskLimit = 0.1 });
        var risk = ObservedAt(10_000m, preset);
        var open = new PortfolioView([new PortfolioEntry("A-USDT-SWAP", PositionSide.Long, 20_000m, 0d)]);

        var decision = Evaluate(risk, preset, open, Long("COIN-USDT-SWAP")).Single();

        decision.Approved.ShouldBeTrue(decision.Reason);
        decision.Size.Notional.ShouldBeLessThanOrEqualTo(8_500m);
        decision.Size.CappedByNotional.ShouldBeTrue();
    }

    [Fact]
    public void RejectsWhenNoBuyingPowerIsLeft()
    {
        var preset = Preset(r => r with { MaxLeverage = 1 });
        var risk = ObservedAt(10_000m, preset);
        var open = new PortfolioView([new PortfolioEntry("A-USDT-SWAP", PositionSide.Long, 9_600m, 0d)]);

        var decision = Evaluate(risk, preset, open, Long("COIN-USDT-SWAP")).Single();

        decision.Approved.ShouldBeFalse();
        decision.Reason.ShouldContain("buying power");
    }

    [Fact]
    public void ApprovesAFreshSignalWithTheFixedFractionalSize()
    {
        var preset = Preset();
        var risk = ObservedAt(10_000m, preset);

        var d = Evaluate(risk, preset, PortfolioView.Empty, Long("A-USDT-SWAP")).ShouldHaveSingleItem();

        d.Approved.ShouldBeTrue(d.Reason);
        // 10,000 × 1.5 % ÷ (2 + 0.1): sized at the price guard's limit (10 bps above the entry of 100), the worst fill it admits.
        d.Size.Quantity.ShouldBe(71.42m);
        d.Reduced.ShouldBeFalse();
    }

    [Theory]
    [InlineData(PositionSide.Long, 10d)]
    [InlineData(PositionSide.Short, 10d)]
    [InlineData(PositionSide.Long, 200d)]
    [InlineData(PositionSide.Short, 200d)]
    public void AFillAnywhereThePriceGuardAdmitsRisksAtMostTheRiskPerTrade(PositionSide side, double maxEntrySlippageBps)
    {
        var preset = Preset() with { ExecutionConfig = new ExecutionConfig { MaxEntrySlippageBps = maxEntrySlippageBps } };
        var risk = ObservedAt(10_000m, preset);
        var signal = side == PositionSide.Long ? Long("A-USDT-SWAP") : Short("A-USDT-SWAP");

        var d = Evaluate(risk, preset, PortfolioView.Empty, signal).ShouldHaveSingleItem();

        d.Approved.ShouldBeTrue(d.Reason);
        var worstFill = EntryPriceGuard.LimitPrice(signal, preset.ExecutionConfig, Coin);
        (d.Size.Quantity * Math.Abs(worstFill - signal.StopLoss)).ShouldBeLessThanOrEqualTo(150m, "1.5 % of 10,000 at the worst admitted fill");
        (d.Size.Quantity * Math.Abs(worstFill - signal.StopLoss)).ShouldBeGreaterThan(149.9m, "no smaller than the lot step makes it");
    }

    [Fact]
    public void RejectsWhenEverySlotIsTaken()
    {
        var preset = Preset(r => r with { MaxConcurrentPositions = 2 });
        var risk = ObservedAt(10_000m, preset);

        var d = Evaluate(risk, preset, Holding(("A-USDT-SWAP", PositionSide.Long, 0), ("B-USDT-SWAP", PositionSide.Short, 0)), Long("C-USDT-SWAP")).ShouldHaveSingleItem();

        d.Approved.ShouldBeFalse();
        d.Reason.ShouldContain("No free slot");
        d.Reason.ShouldContain("2 of 2");
    }

    [Fact]
    public void CountsEntriesApprovedEarlierInTheSameBatchAgainstTheSlots()
    {
        var preset = Preset(r => r with { MaxConcurrentPositions = 2 });
        var risk = ObservedAt(10_000m, preset);

        var ds = Evaluate(risk, preset, Holding(("A-USDT-SWAP", PositionSide.Long, 0)), Long("B-USDT-SWAP"), Long("C-USDT-SWAP"));

        ds[0].Approved.ShouldBeTrue(ds[0].Reason);
        ds[1].Approved.ShouldBeFalse();
        ds[1].Reason.ShouldContain("No free slot");
    }

    [Fact]
    public void RejectsASecondPositionOnAnInstrumentAlreadyHeld()
    {
        var preset = Preset();
        var risk = ObservedAt(10_000m, preset);

        var d = Evaluate(risk, preset, Holding(("A-USDT-SWAP", PositionSide.Short, 0)), Long("A-USDT-SWAP")).ShouldHaveSingleItem();

        d.Approved.ShouldBeFalse();
        d.Reason.ShouldContain("A-USDT-SWAP");
        d.Reason.ShouldContain("already open");
    }

    [Fact]
    public void LimitsPositionsThatMoveWithBtcOnTheSameSide()
    {
        // 5 slots × 0.6 → at most 3 correlated positions per side.
        var preset = Preset(r => r with { MaxConcurrentPositions = 5, CorrelationLimit = 0.4, MaxCorrelatedPositionsFraction = 0.6 });
        var risk = ObservedAt(10_000m, preset);
        var book = Holding(("A-USDT-SWAP", PositionSide.Long, 0.8), ("B-USDT-SWAP", PositionSide.Long, -0.7), ("C-USDT-SWAP", PositionSide.Long, 0.9));

        var ds = Evaluate(risk, preset, book, Long("D-USDT-SWAP", 0.85), Short("E-USDT-SWAP", 0.85), Long("F-USDT-SWAP", 0.2));

        ds[0].Approved.ShouldBeFalse();
        ds[0].Reason.ShouldContain("Correlated exposure");
        ds[0].Reason.ShouldContain("at most 3");
        ds[1].Approved.ShouldBeTrue("a short is not on the crowded side: " + ds[1].Reason);
        ds[2].Approved.ShouldBeTrue("a weakly correlated long adds no BTC exposure: " + ds[2].Reason);
    }

    [Theory]
    [InlineData(1, "Correlated exposure: 1 Long position already moves with BTC (|corr| > 0.4); at most 1.")]
    [InlineData(3, "Correlated exposure: 3 Long positions already move with BTC (|corr| > 0.4); at most 3.")]
    public void TheCorrelatedExposureVetoSaysHowManyPositionsMoveWithBtcInAGrammaticalSentence(int held, string reason)
    {
        var preset = Preset(r => r with { MaxConcurrentPositions = 5, CorrelationLimit = 0.4, MaxCorrelatedPositionsFraction = held / 5.0 });
        var risk = ObservedAt(10_000m, preset);
        var book = Holding([.. Enumerable.Range(0, held).Select(i => ($"H{i}-USDT-SWAP", PositionSide.Long, 0.8))]);

        var ds = Evaluate(risk, preset, book, Long("D-USDT-SWAP", 0.85));

        ds[0].Reason.ShouldBe(reason);
    }

    [Fact]
    public void RejectsAnUnknownInstrumentAndAnInvalidSizeWithTheirReasons()
    {
        var preset = Preset();
        var risk = ObservedAt(10_000m, preset);
        var bad = EngineBuilder.MakeSignal("bad-stop", "A-USDT-SWAP", PositionSide.Long, 100m, 101m, 0, Day1);

        var unknown = risk.Evaluate([Long("X-USDT-SWAP")], PortfolioView.Empty, preset, 10_000m, _ => null, _ => null).ShouldHaveSingleItem();
        var wrongSide = Evaluate(risk, preset, PortfolioView.Empty, bad).ShouldHaveSingleItem();

        unknown.Approved.ShouldBeFalse();
        unknown.Reason.ShouldContain("Unknown instrument X-USDT-SWAP");
        wrongSide.Approved.ShouldBeFalse();
        wrongSide.Reason.ShouldContain("wrong side");
    }

    [Fact]
    public void EveryRejectionCarriesAReasonAndEveryApprovalAPositiveSize()
    {
        var preset = Preset(r => r with { MaxConcurrentPositions = 3 });
        var risk = ObservedAt(10_000m, preset);
        var signals = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? Long("I" + i + "-USDT-SWAP", 0.9) : Short("I" + i + "-USDT-SWAP", 0.1)).ToArray();

        var ds = Evaluate(risk, preset, Holding(("I0-USDT-SWAP", PositionSide.Long, 0.9)), signals);

        ds.Count.ShouldBe(signals.Length);
        ds.Count(d => d.Approved).ShouldBe(2);
        ds.Where(d => !d.Approved).ShouldAllBe(d => d.Reason.Length > 10);
        ds.Where(d => d.Approved).ShouldAllBe(d => d.Size.IsValid && d.Size.Quantity > 0);
    }
}
