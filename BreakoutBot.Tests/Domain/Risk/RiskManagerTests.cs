using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Risk;

public class RiskManagerTests
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
    public void RejectsEntryWhenDailyLossLimitIsReached()
    {
        var preset = Preset(); // daily limit 8 %, kill switch 18 %
        var risk = ObservedAt(10_000m, preset);
        var snap = risk.Observe(9_150m, Day1.AddHours(2), preset.Risk);

        var d = Evaluate(risk, preset, PortfolioView.Empty, Long("A-USDT-SWAP")).ShouldHaveSingleItem();

        snap.DailyLossLimitReached.ShouldBeTrue();
        snap.KillSwitch.Triggered.ShouldBeFalse();
        d.Approved.ShouldBeFalse();
        d.Reason.ShouldContain("Daily loss limit");
    }

    [Fact]
    public void HalvesTheSizeWhenTheDailyLossIsAboveEightyPercentOfTheLimit()
    {
        var preset = Preset();
        var fresh = ObservedAt(10_000m, preset);
        var full = Evaluate(fresh, preset, PortfolioView.Empty, Long("A-USDT-SWAP")).ShouldHaveSingleItem();
        var risk = ObservedAt(10_000m, preset);
        risk.Observe(9_300m, Day1.AddHours(1), preset.Risk); // 7 % lost: above 6.4 %, below 8 %

        var d = Evaluate(risk, preset, PortfolioView.Empty, Long("A-USDT-SWAP")).ShouldHaveSingleItem();

        d.Approved.ShouldBeTrue(d.Reason);
        d.Reduced.ShouldBeTrue();
        d.Size.Quantity.ShouldBe(full.Size.Quantity / 2m);
        d.Size.RiskUsd.ShouldBe(full.Size.RiskUsd / 2m);
        d.Reason.ShouldContain("halved");
    }

    [Fact]
    public void DoesNotHalveBelowEightyPercentOfTheLimit()
    {
        var preset = Preset();
        var risk = ObservedAt(10_000m, preset);
        risk.Observe(9_400m, Day1.AddHours(1), preset.Risk); // 6 % lost

        var d = Evaluate(risk, preset, PortfolioView.Empty, Long("A-USDT-SWAP")).ShouldHaveSingleItem();

        d.Approved.ShouldBeTrue(d.Reason);
        d.Reduced.ShouldBeFalse();
        d.Size.Quantity.ShouldBe(71.42m);
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

    [Fact]
    public void TheKillSwitchFiresAtTheDailyLossLimitAndThenBlocksEveryEntry()
    {
        var preset = Preset(r => r with { KillSwitchLossLimit = 0.1, DailyRiskLimit = 0.05 });
        var risk = ObservedAt(10_000m, preset);

        var before = risk.Observe(9_050m, Day1.AddHours(1), preset.Risk);
        var after = risk.Observe(8_990m, Day1.AddHours(2), preset.Risk);
        var d = Evaluate(risk, preset, PortfolioView.Empty, Long("A-USDT-SWAP")).ShouldHaveSingleItem();

        before.KillSwitch.Triggered.ShouldBeFalse();
        after.KillSwitch.Triggered.ShouldBeTrue();
        after.KillSwitch.Reason!.ShouldContain("Daily loss 10.10 %");
        after.KillSwitch.TriggeredAt.ShouldBe(Day1.AddHours(2));
        d.Reason.ShouldStartWith("Kill switch is active");
    }

    [Fact]
    public void TheCyclesObservationWithoutASnapshotCountsTheSameAndTheSnapshotReadLaterShowsIt()
    {
        // The engine's cycle observes the equity on every bar and reads only the kill switch; the day's figures and the
        // kill switch must be those Observe gives, and a snapshot read afterwards must show the latest observation.
        var preset = Preset(r => r with { KillSwitchLossLimit = 0.1, DailyRiskLimit = 0.05, KillSwitchDrawdownFromDayHigh = 0.1 });
        var cycle = ObservedAt(10_000m, preset);
        var reference = ObservedAt(10_000m, preset);

        cycle.ObserveEquity(10_400m, Day1.AddHours(1), preset.Risk).Triggered.ShouldBeFalse();
        cycle.ObserveEquity(9_600m, Day1.AddHours(2), preset.Risk).Triggered.ShouldBeFalse();
        var state = cycle.ObserveEquity(9_300m, Day1.AddHours(3), preset.Risk);
        reference.Observe(10_400m, Day1.AddHours(1), preset.Risk);
        reference.Observe(9_600m, Day1.AddHours(2), preset.Risk);
        var expected = reference.Observe(9_300m, Day1.AddHours(3), preset.Risk);

        // 10.6 % below the day's high of 10,400 (7 % below the day's start): the day's high was counted without a snapshot.
        state.Triggered.ShouldBeTrue();
        state.Reason.ShouldBe(expected.KillSwitch.Reason);
        cycle.Snapshot().ShouldBe(expected with { KillSwitch = state });
        cycle.Snapshot().DayHighEquity.ShouldBe(10_400m);
        cycle.Snapshot().Equity.ShouldBe(9_300m);
    }

    [Fact]
    public void ALosingStreakFiresTheKillSwitchAndAWinBreaksTheStreak()
    {
        var preset = Preset(r => r with { MaxConsecutiveLosses = 3 });
        var risk = ObservedAt(10_000m, preset);
        risk.RecordClosedTrade(-5m, -0.5, Day1);
        risk.RecordClosedTrade(-5m, -0.5, Day1);
        risk.RecordClosedTrade(8m, 0.8, Day1);
        risk.RecordClosedTrade(-5m, -0.5, Day1);
        risk.RecordClosedTrade(-5m, -0.5, Day1);
        risk.Observe(10_000m, Day1.AddHours(1), preset.Risk).KillSwitch.Triggered.ShouldBeFalse("the win reset the streak");

        risk.RecordClosedTrade(-5m, -0.5, Day1);
        var snap = risk.Observe(10_000m, Day1.AddHours(2), preset.Risk);

        snap.ConsecutiveLosses.ShouldBe(3);
        snap.KillSwitch.Triggered.ShouldBeTrue();
        snap.KillSwitch.Reason!.ShouldContain("3 consecutive losing trades");
    }

    [Fact]
    public void TheDrawdownFromTheDaysHighFiresEvenWhenTheDayIsUp()
    {
        var preset = Preset(r => r with { KillSwitchDrawdownFromDayHigh = 0.1 });
        var risk = ObservedAt(10_000m, preset);
        risk.Observe(12_000m, Day1.AddHours(1), preset.Risk);

        var near = risk.Observe(10_850m, Day1.AddHours(2), preset.Risk);
        var hit = risk.Observe(10_800m, Day1.AddHours(3), preset.Risk);

        near.KillSwitch.Triggered.ShouldBeFalse();
        hit.DailyPnl.ShouldBe(800m);
        hit.DayHighEquity.ShouldBe(12_000m);
        hit.KillSwitch.Triggered.ShouldBeTrue();
        hit.KillSwitch.Reason!.ShouldContain("Drawdown 10.00 % from the day's high");
    }

    [Fact]
    public void DailyCountersResetAtMidnightUtcButAFiredKillSwitchStaysUntilReset()
    {
        var preset = Preset(r => r with { DailyRiskLimit = 0.05, KillSwitchLossLimit = 0.08 });
        var risk = ObservedAt(10_000m, preset);
        risk.RecordClosedTrade(-300m, -1, Day1.AddHours(1));
        risk.RecordClosedTrade(-200m, -1, Day1.AddHours(2));
        var evening = risk.Observe(9_100m, new DateTimeOffset(2024, 5, 6, 23, 59, 59, TimeSpan.Zero), preset.Risk);
        evening.TradesToday.ShouldBe(2);
        evening.DailyR.ShouldBe(-2d);
        evening.DailyLossLimitReached.ShouldBeTrue();
        evening.KillSwitch.Triggered.ShouldBeTrue();

        var midnight = risk.Observe(9_100m, new DateTimeOffset(2024, 5, 7, 0, 0, 0, TimeSpan.Zero), preset.Risk);

        midnight.Day.ShouldBe(new DateOnly(2024, 5, 7));
        midnight.DayStartEquity.ShouldBe(9_100m);
        midnight.DayHighEquity.ShouldBe(9_100m);
        midnight.DailyPnl.ShouldBe(0m);
        midnight.DailyR.ShouldBe(0d);
        midnight.TradesToday.ShouldBe(0);
        midnight.DailyLossLimitReached.ShouldBeFalse();
        midnight.KillSwitch.Triggered.ShouldBeTrue("only an operator reset re-arms the kill switch");
        Evaluate(risk, preset, PortfolioView.Empty, Long("A-USDT-SWAP")).Single().Approved.ShouldBeFalse();

        risk.Reset();
        var rearmed = risk.Observe(9_100m, new DateTimeOffset(2024, 5, 7, 0, 5, 0, TimeSpan.Zero), preset.Risk);

        rearmed.KillSwitch.Triggered.ShouldBeFalse();
        rearmed.ConsecutiveLosses.ShouldBe(0);
        Evaluate(risk, preset, PortfolioView.Empty, Long("A-USDT-SWAP")).Single().Approved.ShouldBeTrue();
    }

    [Fact]
    public void ATradeClosedOnAnEarlierDayDoesNotCountTowardsToday()
    {
        var preset = Preset();
        var risk = ObservedAt(10_000m, preset);
        risk.Observe(10_000m, Day1.AddDays(1), preset.Risk);

        risk.RecordClosedTrade(-50m, -1, Day1.AddHours(5));

        var snap = risk.Snapshot();
        snap.TradesToday.ShouldBe(0);
        snap.DailyR.ShouldBe(0d);
        snap.ConsecutiveLosses.ShouldBe(1);
    }
    /// <summary>
    /// Worked example, daily limit 5 %, kill switch 8 %: the day opens at 10,000 and peaks at 10,400; three losses fire the
    /// streak kill switch at 9,600 (−4 %). The operator resets at 12:00. The old reset re-based the day on 9,600, so a
    /// fall to 9,450 was a −1.6 % day; the day's baseline is kept, so it is −5.5 % and entries stop.
    /// </summary>
    [Fact]
    public void AResetMidDayKeepsTheDaysStartEquityAndHighSoASecondDailyLossIsNotAllowed()
    {
        var preset = Preset(r => r with { DailyRiskLimit = 0.05, KillSwitchLossLimit = 0.08, MaxConsecutiveLosses = 3 });
        var risk = ObservedAt(10_000m, preset);
        risk.Observe(10_400m, Day1.AddMinutes(30), preset.Risk);
        risk.RecordClosedTrade(-300m, -1, Day1.AddHours(1));
        risk.RecordClosedTrade(-300m, -1, Day1.AddHours(1));
        risk.RecordClosedTrade(-200m, -1, Day1.AddHours(1));
        risk.Observe(9_600m, Day1.AddHours(1), preset.Risk).KillSwitch.Triggered.ShouldBeTrue();

        risk.Reset();
        var afterReset = risk.Observe(9_600m, Day1.AddHours(2), preset.Risk);
        var lower = risk.Observe(9_450m, Day1.AddHours(4), preset.Risk);

        afterReset.KillSwitch.Triggered.ShouldBeFalse();
        afterReset.DayStartEquity.ShouldBe(10_000m);
        afterReset.DayHighEquity.ShouldBe(10_400m);
        afterReset.DailyPnl.ShouldBe(-400m);
        afterReset.TradesToday.ShouldBe(3);
        lower.DailyPnl.ShouldBe(-550m);
        lower.DailyLossLimitReached.ShouldBeTrue();
        Evaluate(risk, preset, PortfolioView.Empty, Long("A-USDT-SWAP")).Single().Reason.ShouldContain("Daily loss limit");
    }

    /// <summary>Kill switch at −8.5 % (10,000 → 9,150): a reset re-arms it, but the day is still −8.5 %, so it fires again; the next UTC day starts afresh.</summary>
    [Fact]
    public void AResetAfterTheDailyKillSwitchDoesNotReopenTradingUntilMidnightUtc()
    {
        var preset = Preset(r => r with { DailyRiskLimit = 0.05, KillSwitchLossLimit = 0.08 });
        var risk = ObservedAt(10_000m, preset);
        risk.Observe(9_150m, Day1.AddHours(1), preset.Risk).KillSwitch.Triggered.ShouldBeTrue();

        risk.Reset();
        var sameDay = risk.Observe(9_150m, Day1.AddHours(2), preset.Risk);
        var nextDay = risk.Observe(9_150m, new DateTimeOffset(2024, 5, 7, 0, 0, 0, TimeSpan.Zero), preset.Risk);

        sameDay.DayStartEquity.ShouldBe(10_000m);
        sameDay.KillSwitch.Triggered.ShouldBeTrue("the day is still 8.5 % down from its start");
        sameDay.KillSwitch.Reason!.ShouldContain("Daily loss 8.50 %");
        nextDay.DayStartEquity.ShouldBe(9_150m);
        nextDay.DailyLossLimitReached.ShouldBeFalse();
        risk.Reset();
        Evaluate(risk, preset, PortfolioView.Empty, Long("A-USDT-SWAP")).Single().Approved.ShouldBeTrue();
    }
}
