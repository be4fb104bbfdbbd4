using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class SwingDetectorTests
{
    [Fact]
    public void ConfirmsStrictFractalSwingsTwoBarsLater()
    {
        double[] highs = [1, 2, 5, 2, 1, 3, 3, 2, 1, 4, 3];
        double[] lows = [3, 2, 4, 1.5, 0.5, 2, 2.5, 0.2, 1, 2, 3];
        var swings = new SwingDetector();
        var highConfirmedAt = new List<int>();
        var lowConfirmedAt = new List<int>();
        for (var i = 0; i < highs.Length; i++)
        {
            swings.Update(highs[i], lows[i], 1000 + i);
            swings.IsReady.ShouldBe(i >= 4);
            if (swings.NewSwingHigh)
            {
                highConfirmedAt.Add(i);
            }
            if (swings.NewSwingLow)
            {
                lowConfirmedAt.Add(i);
            }
        }

        highConfirmedAt.ShouldBe([4]);
        lowConfirmedAt.ShouldBe([6, 9]);
        swings.SwingHighCount.ShouldBe(1);
        swings.LastSwingHigh.ShouldBe(new SwingPoint(5, 2, 1002));
        swings.SwingLowCount.ShouldBe(2);
        swings.GetSwingLow(0).ShouldBe(new SwingPoint(0.2, 7, 1007));
        swings.GetSwingLow(1).ShouldBe(new SwingPoint(0.5, 4, 1004));
    }

    [Fact]
    public void AnEqualNeighbourDisqualifiesTheSwing()
    {
        var swings = new SwingDetector();
        double[] highs = [1, 2, 5, 5, 2, 1];
        foreach (var high in highs)
        {
            swings.Update(high, 0.5);
        }
        swings.SwingHighCount.ShouldBe(0);
        swings.LastSwingHigh.ShouldBeNull();
        swings.SwingLowCount.ShouldBe(0);
    }

    [Fact]
    public void KeepsOnlyTheMostRecentSwingsUpToItsCapacity()
    {
        var swings = new SwingDetector(left: 2, right: 2, historyCapacity: 2);
        for (var i = 0; i < 20; i++)
        {
            var phase = i % 4;
            var high = phase == 2 ? 3 : phase == 0 ? 1 : 2;
            swings.Update(high, 0.1 * (i + 1));
        }
        swings.SwingHighCount.ShouldBe(2);
        swings.GetSwingHigh(0).BarIndex.ShouldBe(14);
        swings.GetSwingHigh(1).BarIndex.ShouldBe(10);
        Should.Throw<ArgumentOutOfRangeException>(() => swings.GetSwingHigh(2));
        swings.SwingLowCount.ShouldBe(0);
    }

    [Fact]
    public void SupportsWiderFractalsAndReset()
    {
        var swings = new SwingDetector(left: 3, right: 1);
        double[] highs = [1, 2, 3, 9, 4];
        foreach (var high in highs)
        {
            swings.Update(high, 0);
        }
        swings.NewSwingHigh.ShouldBeTrue();
        swings.LastSwingHigh!.Value.BarIndex.ShouldBe(3);
        swings.Reset();
        swings.Count.ShouldBe(0);
        swings.SwingHighCount.ShouldBe(0);
        swings.NewSwingHigh.ShouldBeFalse();
    }
}
