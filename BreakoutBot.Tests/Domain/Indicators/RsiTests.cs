using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class RsiTests
{
    [Fact]
    public void SeedsWithAverageGainAndLossThenSmoothsLikeWilder()
    {
        var rsi = new Rsi(2);
        rsi.Update(10);
        double.IsNaN(rsi.Update(11)).ShouldBeTrue();
        rsi.IsReady.ShouldBeFalse();
        // Changes +1, -0.5: average gain 0.5, average loss 0.25, RS 2.
        rsi.Update(10.5).ShouldBe(100 - (100 / 3d), 1e-12);
        rsi.IsReady.ShouldBeTrue();
        // +1: gain (0.5 + 1) / 2 = 0.75, loss 0.25 / 2 = 0.125, RS 6.
        rsi.Update(11.5).ShouldBe(100 - (100 / 7d), 1e-12);
    }

    [Fact]
    public void AFlatSeriesIsFiftyByConvention()
    {
        var rsi = new Rsi(14);
        for (var i = 0; i < 30; i++)
        {
            rsi.Update(42);
        }
        rsi.Value.ShouldBe(50);
    }

    [Fact]
    public void OnlyRisingIsHundredAndOnlyFallingIsZero()
    {
        var up = new Rsi(5);
        var down = new Rsi(5);
        for (var i = 0; i < 20; i++)
        {
            up.Update(100 + i);
            down.Update(100 - i);
        }
        up.Value.ShouldBe(100);
        down.Value.ShouldBe(0);
    }
}
