using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Tests.Domain.Levels;

/// <summary>What ranks a level: round numbers, cascades, the base under it, and the order of the result.</summary>
public sealed partial class LevelDetectorTests
{
    [Fact]
    public void GivesARoundNumberBonusForTheLargestEligibleStep()
    {
        var window = new LevelSeries().AddRange(6, 98, 100).Window();
        var detector = new LevelDetector();

        var preferred = detector.Detect(window, RangeAtr, Defaults);
        var plain = detector.Detect(window, RangeAtr, Defaults with { PreferRoundNumbers = false });

        // 100 is a multiple of 10 (eligible: 10 >= 5 % of 100); 98 lies within 0.5 % of no multiple of 5 or 10.
        var roundWith = Single(preferred, LevelType.Resistance, 100.0);
        var roundWithout = Single(plain, LevelType.Resistance, 100.0);
        roundWith.IsRoundNumber.ShouldBeTrue();
        roundWithout.IsRoundNumber.ShouldBeTrue();
        (roundWith.Strength - roundWithout.Strength).ShouldBe(0.1 + (0.05 * Math.Log10(11)), 1e-9);

        var notRound = Single(preferred, LevelType.Support, 98.0);
        notRound.IsRoundNumber.ShouldBeFalse();
        notRound.Strength.ShouldBe(Single(plain, LevelType.Support, 98.0).Strength);
    }

    [Fact]
    public void UsesOnlyStepsThatAreCoarseRelativeToThePrice()
    {
        // At 101 the steps 0.01…1 are finer than 5 % of the price (every price is near one of their multiples), and
        // 101 is 1 away from the nearest multiple of 10: not round.
        var levels = new LevelDetector().Detect(new LevelSeries().AddRange(6, 99, 101).Window(), RangeAtr, Defaults);
        Single(levels, LevelType.Resistance, 101.0).IsRoundNumber.ShouldBeFalse();

        // A low-priced coin: 0.50 is a multiple of 0.10 (eligible: 0.10 >= 5 % of 0.50); 0.49 is not near 0.05 multiples.
        var cheap = new LevelDetector().Detect(new LevelSeries().AddRange(6, 0.49, 0.50).Window(), 0.002, Defaults);
        var top = Single(cheap, LevelType.Resistance, 0.50);
        top.IsRoundNumber.ShouldBeTrue();
        Single(cheap, LevelType.Support, 0.49).IsRoundNumber.ShouldBeFalse();
        var plainTop = Single(
            new LevelDetector().Detect(new LevelSeries().AddRange(6, 0.49, 0.50).Window(), 0.002, Defaults with { PreferRoundNumbers = false }),
            LevelType.Resistance,
            0.50);
        (top.Strength - plainTop.Strength).ShouldBe(0.1 + (0.05 * Math.Log10(1.1)), 1e-9);
    }

    [Fact]
    public void MarksLevelsClusteredWithinTheCascadeRadiusAndAddsTheCascadeBonus()
    {
        // A 10 bps range: its top and bottom (and the levels between) lie within 15 bps of each other.
        var window = new LevelSeries().AddRange(6, 100.00, 100.10).Window();
        var options = Defaults with { PreferRoundNumbers = false, MinLevelSeparationAtr = 0 };
        var detector = new LevelDetector();

        var cascade = detector.Detect(window, 0.02, options);
        var isolated = detector.Detect(window, 0.02, options with { CascadeRadiusBps = 0 });

        var top = Single(cascade, LevelType.Resistance, 100.10);
        var bottom = Single(cascade, LevelType.Support, 100.00);
        top.InCascade.ShouldBeTrue();
        bottom.InCascade.ShouldBeTrue();
        foreach (var level in new[] { top, bottom })
        {
            var neighbours = cascade.Count(l => Math.Abs(l.Price - level.Price) <= level.Price * 15 / 10_000);
            neighbours.ShouldBeGreaterThanOrEqualTo(2);
            var baseStrength = Single(isolated, level.Type, level.Price).Strength;
            Single(isolated, level.Type, level.Price).InCascade.ShouldBeFalse();
            level.Strength.ShouldBe(Math.Min(1.0, baseStrength + Math.Min(0.2, 0.05 * neighbours)), 1e-9);
        }
    }

    [Fact]
    public void DoesNotMarkACascadeWhenLevelsAreFarApart()
    {
        var levels = new LevelDetector().Detect(new LevelSeries().AddRange(6, 99, 101).Window(), RangeAtr, Defaults);

        levels.ShouldNotBeEmpty();
        levels.ShouldAllBe(l => !l.InCascade);
    }

    [Fact]
    public void MeasuresTheBaseUnderAResistanceFromTheDeepestRecentDip()
    {
        var series = new LevelSeries().AddRange(4, 99, 101);
        double[] mids = [100, 99, 98, 97, 96, 95, 94.5, 95, 96, 97, 98, 99, 99.5, 100, 100.2, 100, 99.8, 100, 100.2, 100.3];
        foreach (var mid in mids)
        {
            series.Add(mid, mid + 0.3, mid - 0.3, mid, 1000);
        }

        // Without separation: the recovery bars around 100.3 form a stronger resistance that would hide this one.
        var levels = new LevelDetector().Detect(series.Window(), RangeAtr, Defaults with { MinLevelSeparationAtr = 0 });

        // Lows of the last 20 bars below 0.95·101 = 95.95: 95.7, 94.7, 94.2, 94.7, 95.7; the highest is 95.7.
        var resistance = Single(levels, LevelType.Resistance, 101.0);
        resistance.BaseHeight.ShouldNotBeNull();
        resistance.BaseHeight.Value.ShouldBe(resistance.Price - 95.7, 1e-9);
        // No recent high above 1.05·99 = 103.95.
        Single(levels, LevelType.Support, 99.0).BaseHeight.ShouldBeNull();
    }

    [Fact]
    public void MeasuresTheBaseAboveASupportFromTheLowestRecentSpike()
    {
        var series = new LevelSeries().AddRange(4, 99, 101);
        double[] mids = [100, 101, 102, 103, 104, 105, 105.5, 105, 104, 103, 102, 101, 100.5, 100, 99.8, 100, 100.2, 100, 99.8, 99.7];
        foreach (var mid in mids)
        {
            series.Add(mid, mid + 0.3, mid - 0.3, mid, 1000);
        }

        var levels = new LevelDetector().Detect(series.Window(), RangeAtr, Defaults with { MinLevelSeparationAtr = 0 });

        // Highs of the last 20 bars above 1.05·99 = 103.95: 104.3, 105.3, 105.8, 105.3, 104.3; the lowest is 104.3.
        var support = Single(levels, LevelType.Support, 99.0);
        support.BaseHeight.ShouldNotBeNull();
        support.BaseHeight.Value.ShouldBe(104.3 - support.Price, 1e-9);
    }

    [Fact]
    public void ReturnsLevelsSortedByStrengthDescending()
    {
        var series = new LevelSeries();
        double[] tops = [101.0, 101.5, 101.0, 101.5, 101.0, 101.5, 101.0];
        foreach (var top in tops)
        {
            series.AddRange(1, 99, top);
        }

        var levels = new LevelDetector().Detect(series.Window(), RangeAtr, Defaults with { MinLevelSeparationAtr = 0 });

        levels.Count.ShouldBeGreaterThan(2);
        levels.Select(l => l.Strength).ShouldBe(levels.Select(l => l.Strength).OrderByDescending(s => s));
    }
}
