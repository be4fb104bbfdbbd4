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
}
