using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class RollingMinMaxTests
{
    [Fact]
    public void TracksTheExtremesOfTheWindowAndWhereTheyAre()
    {
        var extremes = new RollingMinMax(3);
        double.IsNaN(extremes.Max).ShouldBeTrue();
        extremes.MaxAgo.ShouldBe(-1);

        extremes.Update(4);
        extremes.Update(9);
        extremes.Update(2);
        extremes.IsReady.ShouldBeTrue();
        extremes.Max.ShouldBe(9);
        extremes.MaxAgo.ShouldBe(1);
        extremes.Min.ShouldBe(2);
        extremes.MinAgo.ShouldBe(0);

        extremes.Update(5);
        extremes.Update(6);
        extremes.Max.ShouldBe(6);
        extremes.Min.ShouldBe(2);
        extremes.MinAgo.ShouldBe(2);
        extremes.Update(6);
        extremes.Min.ShouldBe(5);
        extremes.MaxAgo.ShouldBe(0);
    }

    [Fact]
    public void HandlesStrictlyDecreasingAndIncreasingRuns()
    {
        var extremes = new RollingMinMax(4);
        for (var i = 100; i > 0; i--)
        {
            extremes.Update(i);
            extremes.Max.ShouldBe(Math.Min(100, i + 3));
            extremes.Min.ShouldBe(i);
        }
        extremes.Reset();
        for (var i = 0; i < 100; i++)
        {
            extremes.Update(i);
            extremes.Max.ShouldBe(i);
            extremes.Min.ShouldBe(Math.Max(0, i - 3));
        }
    }
}
