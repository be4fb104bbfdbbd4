using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class VolumeSurgeTests
{
    [Fact]
    public void Surge5mIsTheLastVolumeOverTheMedianOfThePreviousTwenty()
    {
        var surge = new VolumeSurge();
        // Previous 20 volumes are 1..20 out of order: median (10 + 11) / 2 = 10.5.
        for (var i = 0; i < 20; i++)
        {
            surge.Update(((i * 7) % 20) + 1);
        }
        surge.IsSurge5mReady.ShouldBeFalse();
        double.IsNaN(surge.Surge5m).ShouldBeTrue();
        surge.Update(42);
        surge.IsSurge5mReady.ShouldBeTrue();
        surge.Surge5m.ShouldBe(4);
    }

    [Fact]
    public void Surge1hIsTheMedianOfTheLastTwelveOverTheMedianOfTheTwelveBefore()
    {
        var surge = new VolumeSurge();
        double[] earlier = [10, 1, 1000, 10, 10, 3, 10, 10, 12, 10, 8, 10];
        double[] later = [25, 30, 1, 25, 25, 2, 25, 40, 25, 25, 9, 25];
        foreach (var v in earlier)
        {
            surge.Update(v);
        }
        for (var i = 0; i < later.Length - 1; i++)
        {
            surge.Update(later[i]);
            surge.IsSurge1hReady.ShouldBeFalse();
        }
        surge.Update(later[^1]);
        surge.IsSurge1hReady.ShouldBeTrue();
        surge.IsReady.ShouldBeTrue();
        surge.Surge1h.ShouldBe(2.5);
        // Reading twice returns the cached value; a new bar shifts both windows.
        surge.Surge1h.ShouldBe(2.5);
        surge.Update(25);
        surge.Surge1h.ShouldBe(25d / 10);
    }

    [Fact]
    public void AZeroVolumeBaselineGivesZeroInsteadOfDividingByZero()
    {
        var surge = new VolumeSurge();
        for (var i = 0; i < 24; i++)
        {
            surge.Update(0);
        }
        surge.Update(500);
        surge.Surge5m.ShouldBe(0);
        surge.Surge1h.ShouldBe(0);
    }

    [Fact]
    public void ResetStartsAFreshWarmUp()
    {
        var surge = new VolumeSurge(baselineBars: 2, hourBars: 1);
        surge.Update(1);
        surge.Update(3);
        surge.Update(4);
        surge.Surge5m.ShouldBe(2);
        surge.Surge1h.ShouldBe(4d / 3);
        surge.Reset();
        surge.Count.ShouldBe(0);
        double.IsNaN(surge.Surge5m).ShouldBeTrue();
        double.IsNaN(surge.Surge1h).ShouldBeTrue();
    }

    [Theory]
    [InlineData(20, 12)]
    [InlineData(2, 1)]
    [InlineData(5, 9)]
    [InlineData(12, 12)]
    public void BothRatiosAreThoseOfTheMediansOfTheVolumesSeenOnEveryBar(int baselineBars, int hourBars)
    {
        // Volumes with repeats and zeros (thin bars), and a reset part-way: every bar is checked against medians taken
        // from the volumes themselves.
        var random = new Random(baselineBars * 100 + hourBars);
        var surge = new VolumeSurge(baselineBars, hourBars);
        var seen = new List<double>();
        for (var bar = 0; bar < 600; bar++)
        {
            if (bar == 311)
            {
                surge.Reset();
                seen.Clear();
            }
            var volume = random.Next(6) == 0 ? 0 : random.Next(4) == 0 ? 7 : Math.Round(random.NextDouble() * 1000, 1);
            surge.Update(volume);
            seen.Add(volume);
            var n = seen.Count;
            var surge5m = n > baselineBars ? RatioOf(volume, MedianOf(seen.GetRange(n - 1 - baselineBars, baselineBars))) : double.NaN;
            var surge1h = n >= 2 * hourBars
                ? RatioOf(MedianOf(seen.GetRange(n - hourBars, hourBars)), MedianOf(seen.GetRange(n - (2 * hourBars), hourBars)))
                : double.NaN;
            surge.Surge5m.ShouldBe(surge5m, $"bar {bar}");
            surge.Surge1h.ShouldBe(surge1h, $"bar {bar}");
        }
    }

    private static double MedianOf(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double RatioOf(double numerator, double denominator) => denominator > 0 ? numerator / denominator : 0;
}
