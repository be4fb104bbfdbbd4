using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class VwapTests
{
    [Fact]
    public void WeighsTheTypicalPriceByVolumeFromTheFirstBar()
    {
        var vwap = new Vwap();
        vwap.Update(12, 9, 9, 100).ShouldBe(10);
        vwap.Update(21, 18, 21, 300).ShouldBe(17.5);
        vwap.CumulativeVolume.ShouldBe(400);
        vwap.Count.ShouldBe(2);
    }

    [Fact]
    public void IsNotReadyUntilSomeVolumeTrades()
    {
        var vwap = new Vwap();
        double.IsNaN(vwap.Update(10, 10, 10, 0)).ShouldBeTrue();
        vwap.IsReady.ShouldBeFalse();
        vwap.Update(12, 9, 9, 50).ShouldBe(10);
        vwap.IsReady.ShouldBeTrue();
        vwap.Reset();
        vwap.IsReady.ShouldBeFalse();
    }

    [Fact]
    public void RejectsNegativeVolume()
    {
        Should.Throw<DomainException>(() => new Vwap().Update(10, 9, 9.5, -1)).Message.ShouldContain("volume");
    }

    [Fact]
    public void RollingVwapCoversOnlyTheLastPeriodBars()
    {
        var vwap = new RollingVwap(2);
        double.IsNaN(vwap.Update(12, 9, 9, 100)).ShouldBeTrue();
        vwap.Update(21, 18, 21, 300).ShouldBe(17.5);
        vwap.Update(33, 27, 30, 100).ShouldBe(22.5);
        vwap.WindowVolume.ShouldBe(400);
    }

    [Fact]
    public void RollingVwapHasNoValueOverAWindowOfZeroVolumeBarsAndRecovers()
    {
        var vwap = new RollingVwap(3);
        vwap.Update(50, 50, 50, 1e12);
        vwap.Update(10, 10, 10, 0.3);
        vwap.Update(10, 10, 10, 0);
        vwap.IsReady.ShouldBeTrue();
        // The huge first bar leaves the window; the tiny remaining volume must still price correctly.
        vwap.Update(10, 10, 10, 0).ShouldBe(10, 1e-12);
        vwap.WindowVolume.ShouldBe(0.3, 1e-15);
        vwap.Update(10, 10, 10, 0);
        vwap.IsReady.ShouldBeFalse();
        double.IsNaN(vwap.Value).ShouldBeTrue();
        vwap.WindowVolume.ShouldBe(0);
        vwap.Update(20, 20, 20, 5).ShouldBe(20);
        vwap.IsReady.ShouldBeTrue();
    }
}
