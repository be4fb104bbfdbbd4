using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Time.Testing;
using static BreakoutBot.Tests.Domain.Signals.SignalGeneratorTests;

namespace BreakoutBot.Tests.Domain.Signals;

/// <summary>
/// A retest needs a breakout of its level recorded on an earlier bar, between <c>retest_min_breakout_age_hours</c> and
/// <c>retest_max_breakout_age_hours</c> old (both inclusive; 1 h and 24 h in breakout_v1), and is signalled once.
/// The series is the original's retest case: price back at the 50.5 support on the last bar, which closes at
/// <c>now</c> = 2024-05-01 03:20 UTC.
/// </summary>
public class RetestRulesTests
{
    private static readonly TradingLevel Support = Level(50.5, LevelType.Support, 5, 0.8);

    private static Signal? RetestWithBreakoutAged(TimeSpan age, TradingPreset? preset = null)
    {
        var bars = RetestSeries();
        var now = bars[^1].CloseTime;
        var history = new BreakoutHistory();
        history.Record(new BreakoutRecord(Inst.Id, 50.5, PositionSide.Long, now - age));
        return new SignalGenerator(history).TryRetest(Candidate(Support), Market(bars, 0.55), Support, preset ?? BreakoutV1, now);
    }

    [Fact]
    public void ABreakoutJustYoungerThanTheMinimumAgeGivesNoRetest() =>
        RetestWithBreakoutAged(TimeSpan.FromMinutes(59)).ShouldBeNull("59 minutes is below retest_min_breakout_age_hours = 1");

    [Fact]
    public void ABreakoutExactlyAtTheMinimumAgeGivesARetest()
    {
        var signal = RetestWithBreakoutAged(TimeSpan.FromHours(1));

        signal.ShouldNotBeNull();
        signal.Strategy.ShouldBe(SignalStrategy.Retest);
        signal.Side.ShouldBe(PositionSide.Long);
        signal.Conditions["breakout_min_age"].ShouldBe(new ConditionResult(true, 1.0, 1.0, true));
    }

    [Fact]
    public void ABreakoutExactlyAtTheMaximumAgeGivesARetest() =>
        RetestWithBreakoutAged(TimeSpan.FromHours(24)).ShouldNotBeNull();

    [Fact]
    public void ABreakoutOlderThanTheMaximumAgeGivesNoRetest() =>
        RetestWithBreakoutAged(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(5)).ShouldBeNull("24 h 05 min is above retest_max_breakout_age_hours = 24");

    [Fact]
    public void WithoutARecordedBreakoutThereIsNoRetest()
    {
        var bars = RetestSeries();

        new SignalGenerator(new BreakoutHistory()).TryRetest(Candidate(Support), Market(bars, 0.55), Support, BreakoutV1, bars[^1].CloseTime)
            .ShouldBeNull("the original guessed the side from the level type; a retest needs the breakout it retests");
    }

    [Fact]
    public void ABreakoutRecordedOnTheCurrentBarIsNeverItsOwnRetestEvenWithAZeroMinimumAge()
    {
        var zeroMinimum = BreakoutV1 with { SignalConfig = BreakoutV1.SignalConfig with { RetestMinBreakoutAgeHours = 0 } };

        RetestWithBreakoutAged(TimeSpan.Zero, zeroMinimum).ShouldBeNull("a record at the bar's close time is that bar's own breakout");
        RetestWithBreakoutAged(TimeSpan.FromMinutes(5), zeroMinimum).ShouldNotBeNull("the previous bar's breakout may be retested when the minimum is 0");
    }

    /// <summary>
    /// The bug of issue 9: the last bar closes at 50.52 through resistance 50.45 (threshold 50.45 × 1.0012 = 50.5105, the
    /// previous close 50.39) on 1,200 volume, 1.33× the median, below the 1.4× momentum needs. The breakout is recorded
    /// before signals are generated; it used to be accepted as the breakout this very bar "retests".
    /// </summary>
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    public void AFailedMomentumBarThroughALevelIsNotARetestOnTheSameBar(double minAgeHours)
    {
        var preset = BreakoutV1 with { SignalConfig = BreakoutV1.SignalConfig with { RetestMinBreakoutAgeHours = minAgeHours } };
        var bars = RetestSeries();
        var market = Market(bars, 0.55);
        var history = new BreakoutHistory();
        var clock = new FakeTimeProvider(bars[^1].CloseTime);
        var manager = new SignalManager(new SignalGenerator(history), new SingleMarket(market), clock);
        var resistance = Level(50.45, LevelType.Resistance, 4, 0.8);

        var signals = manager.Generate([Candidate(resistance)], preset, clock.GetUtcNow());

        history.For(Inst.Id).ShouldHaveSingleItem().Time.ShouldBe(bars[^1].CloseTime, "the breakout itself is recorded");
        signals.ShouldBeEmpty();
    }

    [Fact]
    public void ARetestIsSignalledOnceForItsBreakout()
    {
        var bars = RetestSeries();
        var market = Market(bars, 0.55);
        var history = new BreakoutHistory();
        history.Record(new BreakoutRecord(Inst.Id, 50.5, PositionSide.Long, bars[^1].CloseTime - TimeSpan.FromHours(2)));
        var clock = new FakeTimeProvider(bars[^1].CloseTime);
        var manager = new SignalManager(new SignalGenerator(history), new SingleMarket(market), clock);
        var candidates = new[] { Candidate(Support), Candidate(Support) };

        var first = manager.Generate(candidates, BreakoutV1, clock.GetUtcNow());
        clock.Advance(Candle.Interval);
        var again = manager.Generate(candidates, BreakoutV1, clock.GetUtcNow());

        first.ShouldHaveSingleItem().Strategy.ShouldBe(SignalStrategy.Retest);
        again.ShouldBeEmpty();
        manager.History.Count(r => r.Status == SignalStatus.Active).ShouldBe(1);
    }
}
