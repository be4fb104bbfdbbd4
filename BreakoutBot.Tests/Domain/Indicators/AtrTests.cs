using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class AtrTests
{
    [Fact]
    public void TrueRangeUsesThePreviousCloseForGaps()
    {
        var tr = new TrueRange();
        tr.IsReady.ShouldBeFalse();
        tr.Update(10, 8, 9).ShouldBe(2);
        tr.Update(12, 11, 11.5).ShouldBe(3);
        tr.Update(8, 7, 7.5).ShouldBe(4.5);
        tr.Update(8, 6, 7).ShouldBe(2);
    }

    [Fact]
    public void AtrSeedsWithTheAverageOfTheFirstPeriodTrueRangesAfterTheFirstBarThenUsesWilderSmoothing()
    {
        var atr = new Atr(2);
        atr.Update(10, 8, 9);
        atr.Update(12, 11, 11.5);
        atr.IsReady.ShouldBeFalse();
        double.IsNaN(atr.Value).ShouldBeTrue();
        atr.Update(8, 7, 7.5).ShouldBe((3 + 4.5) / 2);
        atr.IsReady.ShouldBeTrue();
        atr.TrueRange.ShouldBe(4.5);
        atr.Update(8, 7, 7.5).ShouldBe(((3.75 * 1) + 1) / 2);
    }

    [Fact]
    public void AtrOfConstantBarsIsZero()
    {
        var atr = new Atr(14);
        for (var i = 0; i < 40; i++)
        {
            atr.Update(100, 100, 100);
        }
        atr.IsReady.ShouldBeTrue();
        atr.Value.ShouldBe(0);
    }

    [Fact]
    public void AtrResetForgetsThePreviousClose()
    {
        var atr = new Atr(1);
        atr.Update(10, 9, 9);
        atr.Update(20, 19, 19);
        atr.Reset();
        atr.Count.ShouldBe(0);
        atr.Update(10, 9, 9);
        atr.IsReady.ShouldBeFalse();
        atr.Update(10.5, 9.5, 10).ShouldBe(1.5);
    }
}
