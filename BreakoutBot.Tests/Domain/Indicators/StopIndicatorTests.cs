using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class StopIndicatorTests
{
    [Fact]
    public void ChandelierOffsetsTheWindowExtremesByAtrTimesTheMultiplier()
    {
        var chandelier = new ChandelierExit(3, 2);
        chandelier.Update(10, 8, 9);
        chandelier.Update(12, 11, 11.5);
        chandelier.Update(8, 7, 7.5);
        chandelier.IsReady.ShouldBeFalse();
        double.IsNaN(chandelier.LongStop).ShouldBeTrue();

        chandelier.Update(9, 7, 8);
        var atr = (3 + 4.5 + 2) / 3;
        chandelier.IsReady.ShouldBeTrue();
        chandelier.Atr.ShouldBe(atr, 1e-12);
        chandelier.HighestHigh.ShouldBe(12);
        chandelier.LowestLow.ShouldBe(7);
        chandelier.LongStop.ShouldBe(12 - (2 * atr), 1e-12);
        chandelier.ShortStop.ShouldBe(7 + (2 * atr), 1e-12);

        chandelier.Update(9, 8, 8.5);
        atr = ((atr * 2) + 1) / 3;
        chandelier.LongStop.ShouldBe(9 - (2 * atr), 1e-12);
        chandelier.ShortStop.ShouldBe(7 + (2 * atr), 1e-12);
    }

    [Fact]
    public void ChandelierDefaultsToTwentyTwoBarsAndThreeAtrs()
    {
        var chandelier = new ChandelierExit();
        chandelier.Period.ShouldBe(22);
        chandelier.Multiplier.ShouldBe(3);
        Should.Throw<ArgumentOutOfRangeException>(() => new ChandelierExit(22, -1));
    }

    [Fact]
    public void AtrTrailingStopOnHighsAndLowsRatchetsThenFlipsWhenTheCloseCrossesIt()
    {
        var stop = new AtrTrailingStop(1, 1, AtrStopBasis.HighLow);
        stop.Update(10, 9, 9.5);
        stop.IsReady.ShouldBeFalse();

        stop.Update(11, 10, 10.5);
        stop.IsUptrend.ShouldBeTrue();
        stop.Stop.ShouldBe(10 - 1.5);
        stop.SellStop.ShouldBe(8.5);
        double.IsNaN(stop.BuyStop).ShouldBeTrue();

        stop.Update(12, 11, 11.5);
        stop.Stop.ShouldBe(11 - 1.5);

        stop.Update(9.5, 8, 8.2);
        stop.IsUptrend.ShouldBeFalse();
        stop.Stop.ShouldBe(11 + 1.5);
        stop.BuyStop.ShouldBe(12.5);
        double.IsNaN(stop.SellStop).ShouldBeTrue();
    }

    [Fact]
    public void AtrTrailingStopResetStartsAFreshWarmUp()
    {
        var stop = new AtrTrailingStop(1, 1);
        stop.Update(10, 9, 9.5);
        stop.Update(11, 10, 10.5);
        stop.IsReady.ShouldBeTrue();
        stop.Reset();
        stop.IsReady.ShouldBeFalse();
        double.IsNaN(stop.Stop).ShouldBeTrue();
        stop.Update(10, 9, 9.5);
        stop.Update(9, 8, 8.5);
        stop.IsUptrend.ShouldBeFalse();
        stop.Stop.ShouldBe(8.5 + 1.5);
    }
}
