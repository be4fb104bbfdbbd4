using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Risk;

/// <summary>The day's loss limits, the size halving near them, the kill switch, its streak and drawdown rules, and resets.</summary>
public partial class RiskManagerTests
{
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
