using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Tests.Domain.Levels;

public sealed class CandleWindowTests
{
    [Fact]
    public void ConvertsCandlesToDoublesOldestFirst()
    {
        var series = new LevelSeries()
            .Add(10.5, 11.25, 10.0, 11.0, 3.5)
            .Add(11.0, 12.0, 10.75, 11.5, 4.0);

        var window = series.Window();

        window.Count.ShouldBe(2);
        window.Open.ToArray().ShouldBe([10.5, 11.0]);
        window.High.ToArray().ShouldBe([11.25, 12.0]);
        window.Low.ToArray().ShouldBe([10.0, 10.75]);
        window.Close.ToArray().ShouldBe([11.0, 11.5]);
        window.Volume.ToArray().ShouldBe([3.5, 4.0]);
        window.TimeAt(1).ShouldBe(LevelSeries.TimeOf(1));
        window.TimeAt(1).Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void KeepsOnlyTheLastBarsWhenAskedFor()
    {
        var series = new LevelSeries().AddRange(3, 99, 101);

        var window = new CandleWindow(series.Candles, 12);

        window.Count.ShouldBe(12);
        window.TimeAt(0).ShouldBe(LevelSeries.TimeOf(18));
        window.Close[11].ShouldBe((double)series.Candles[29].Close);
    }

    [Fact]
    public void ViewsASliceOfCallerArraysWithoutCopying()
    {
        double[] high = [5, 6, 7, 8, 9];
        double[] other = [1, 2, 3, 4, 5];
        long[] ticks = [10, 20, 30, 40, 50];

        var window = new CandleWindow(other, high, other, other, other, ticks, 1, 3);
        high[2] = 70;

        window.Count.ShouldBe(3);
        window.High.ToArray().ShouldBe([6, 70, 8]);
        window.TimeTicks[0].ShouldBe(20);
    }

    [Fact]
    public void RejectsAnArrayShorterThanTheWindowNamingIt()
    {
        double[] full = [1, 2, 3];
        double[] shortLow = [1, 2];

        var error = Should.Throw<DomainException>(() => new CandleWindow(full, full, shortLow, full, full, [1, 2, 3]));

        error.Message.ShouldContain("low");
    }

    [Fact]
    public void RejectsCandlesThatAreNotOldestFirst()
    {
        var later = Candle.Create(LevelSeries.TimeOf(1), 1, 1, 1, 1, 1);
        var earlier = Candle.Create(LevelSeries.TimeOf(0), 1, 1, 1, 1, 1);

        Should.Throw<DomainException>(() => new CandleWindow([later, earlier])).Message.ShouldContain("oldest first");
    }
}
