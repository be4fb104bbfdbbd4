using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class MovingAverageTests
{
    [Fact]
    public void SmaAveragesTheLastPeriodValuesAndIsNaNUntilReady()
    {
        var sma = new Sma(3);
        double.IsNaN(sma.Update(1)).ShouldBeTrue();
        double.IsNaN(sma.Update(2)).ShouldBeTrue();
        sma.IsReady.ShouldBeFalse();
        sma.Update(3).ShouldBe(2);
        sma.IsReady.ShouldBeTrue();
        sma.Update(10).ShouldBe(5);
        sma.Count.ShouldBe(4);
    }

    [Fact]
    public void EmaIsSeededWithTheSmaThenSmoothsWithAlphaTwoOverPeriodPlusOne()
    {
        var ema = new Ema(3);
        ema.Alpha.ShouldBe(0.5);
        ema.Update(1);
        double.IsNaN(ema.Update(2)).ShouldBeTrue();
        ema.Update(3).ShouldBe(2);
        ema.IsReady.ShouldBeTrue();
        ema.Update(4).ShouldBe(3);
        ema.Update(8).ShouldBe(5.5);
    }

    [Fact]
    public void ResetStartsAFreshWarmUp()
    {
        var sma = new Sma(2);
        var ema = new Ema(2);
        foreach (var v in new[] { 5d, 7d, 9d })
        {
            sma.Update(v);
            ema.Update(v);
        }
        sma.Reset();
        ema.Reset();
        sma.IsReady.ShouldBeFalse();
        ema.IsReady.ShouldBeFalse();
        sma.Update(1);
        ema.Update(1);
        sma.Update(3).ShouldBe(2);
        ema.Update(3).ShouldBe(2);
    }

    [Fact]
    public void RejectsNonFiniteInputsAndBadPeriods()
    {
        Should.Throw<BreakoutBot.Domain.Common.DomainException>(() => new Sma(3).Update(double.NaN)).Message.ShouldContain("value");
        Should.Throw<BreakoutBot.Domain.Common.DomainException>(() => new Ema(3).Update(double.PositiveInfinity));
        Should.Throw<ArgumentOutOfRangeException>(() => new Ema(0));
    }
}
