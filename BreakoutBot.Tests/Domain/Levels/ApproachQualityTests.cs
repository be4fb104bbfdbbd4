using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Tests.Domain.Levels;

public sealed class ApproachQualityTests
{
    private static readonly LevelDetectorOptions Defaults = new();

    [Fact]
    public void AcceptsACalmApproachWithTheLastClosesNearTheLevel()
    {
        var window = Closes(100.2, 100.3, 100.25, 100.4, 100.5, 100.45, 100.6, 100.7, 100.65, 100.75).Window();

        var result = ApproachQuality.Assess(window, 101.0, Defaults);

        result.IsAcceptable.ShouldBeTrue();
        result.SlopePctPerBar.ShouldBeGreaterThan(0);
        result.SlopePctPerBar.ShouldBeLessThan(0.1);
    }

    [Fact]
    public void RejectsASteepRunIntoTheLevel()
    {
        // Closes rise by 2 a bar around a mean of 109: a least-squares slope of 2/109 = 1.83 % a bar.
        var window = Closes(Enumerable.Range(0, 10).Select(i => 100.0 + (2 * i)).ToArray()).Window();
        var lastCloseOnly = Defaults with { ApproachNearCloses = 1 };

        var steep = ApproachQuality.Assess(window, 118.0, lastCloseOnly);
        var tolerated = ApproachQuality.Assess(window, 118.0, lastCloseOnly with { ApproachSlopeMaxPctPerBar = 2.0 });

        steep.SlopePctPerBar.ShouldBe(2.0 / 109 * 100, 1e-9);
        steep.IsAcceptable.ShouldBeFalse();
        tolerated.IsAcceptable.ShouldBeTrue();
    }

    [Fact]
    public void RequiresEachOfTheLastClosesWithinHalfAPercentOfTheLevel()
    {
        var window = Closes(100, 100, 100, 100, 100, 100, 100, 100, 100, 100).Window();

        ApproachQuality.Assess(window, 100.4, Defaults).IsAcceptable.ShouldBeTrue();
        ApproachQuality.Assess(window, 101.0, Defaults).IsAcceptable.ShouldBeFalse();
        ApproachQuality.Assess(window, 100.4, Defaults).SlopePctPerBar.ShouldBe(0, 1e-12);
    }

    [Fact]
    public void JudgesAFallTowardsASupportByTheSizeOfItsSlope()
    {
        var window = Closes(Enumerable.Range(0, 10).Select(i => 101.0 - (0.1 * i)).ToArray()).Window();

        var result = ApproachQuality.Assess(window, 100.0, Defaults);

        result.SlopePctPerBar.ShouldBeLessThan(0);
        result.IsAcceptable.ShouldBeTrue();
    }

    [Fact]
    public void IsNotAcceptableWhenTheWindowIsShorterThanTheSlopeBars()
    {
        var result = ApproachQuality.Assess(Closes(100, 100, 100).Window(), 100.0, Defaults);

        result.IsAcceptable.ShouldBeFalse();
        double.IsNaN(result.SlopePctPerBar).ShouldBeTrue();
    }

    private static LevelSeries Closes(params double[] closes)
    {
        var series = new LevelSeries();
        foreach (var close in closes)
        {
            series.Add(close, close + 0.1, close - 0.1, close, 1000);
        }
        return series;
    }
}
