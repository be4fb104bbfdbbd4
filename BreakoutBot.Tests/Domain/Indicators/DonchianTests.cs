using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class DonchianTests
{
    private static readonly double[] Highs = [5, 7, 6, 4, 3];
    private static readonly double[] Lows = [1, 2, 3, 2, 2];

    [Fact]
    public void IncludingTheCurrentBarCoversTheLastPeriodBars()
    {
        var channel = new Donchian(3, includeCurrentBar: true);
        var uppers = new List<double>();
        var lowers = new List<double>();
        for (var i = 0; i < Highs.Length; i++)
        {
            channel.Update(Highs[i], Lows[i]);
            channel.IsReady.ShouldBe(i >= 2);
            uppers.Add(channel.Upper);
            lowers.Add(channel.Lower);
        }
        uppers.Skip(2).ShouldBe([7, 7, 6]);
        lowers.Skip(2).ShouldBe([1, 2, 2]);
        channel.Middle.ShouldBe(4);
        channel.Width.ShouldBe(4d / 4);
    }

    [Fact]
    public void ExcludingTheCurrentBarCoversThePriorPeriodBars()
    {
        var channel = new Donchian(3, includeCurrentBar: false);
        var uppers = new List<double>();
        var lowers = new List<double>();
        for (var i = 0; i < Highs.Length; i++)
        {
            channel.Update(Highs[i], Lows[i]);
            channel.IsReady.ShouldBe(i >= 3);
            uppers.Add(channel.Upper);
            lowers.Add(channel.Lower);
        }
        uppers.Skip(3).ShouldBe([7, 7]);
        lowers.Skip(3).ShouldBe([1, 2]);
        double.IsNaN(uppers[2]).ShouldBeTrue();
    }

    [Fact]
    public void OnlyThePriorChannelLetsACloseBreakAboveIt()
    {
        var prior = new Donchian(3, includeCurrentBar: false);
        var current = new Donchian(3, includeCurrentBar: true);
        double[] highs = [10, 10, 10, 12];
        double[] lows = [9, 9, 9, 10];
        for (var i = 0; i < highs.Length; i++)
        {
            prior.Update(highs[i], lows[i]);
            current.Update(highs[i], lows[i]);
        }
        const double close = 11.5;
        (close > prior.Upper).ShouldBeTrue();
        (close > current.Upper).ShouldBeFalse();
    }

    [Fact]
    public void MatchesABruteForceWindowOnARandomWalk()
    {
        const int period = 10;
        var include = new Donchian(period, includeCurrentBar: true);
        var exclude = new Donchian(period, includeCurrentBar: false);
        var highs = new List<double>();
        var lows = new List<double>();
        var random = new Random(3);
        var price = 100d;
        for (var i = 0; i < 2_000; i++)
        {
            price += Math.Round((random.NextDouble() - 0.5) * 4, 1);
            var high = price + Math.Round(random.NextDouble(), 1);
            var low = price - Math.Round(random.NextDouble(), 1);
            highs.Add(high);
            lows.Add(low);
            include.Update(high, low);
            exclude.Update(high, low);
            if (i >= period - 1)
            {
                include.Upper.ShouldBe(highs.Skip(i - period + 1).Take(period).Max());
                include.Lower.ShouldBe(lows.Skip(i - period + 1).Take(period).Min());
            }
            if (i >= period)
            {
                exclude.Upper.ShouldBe(highs.Skip(i - period).Take(period).Max());
                exclude.Lower.ShouldBe(lows.Skip(i - period).Take(period).Min());
            }
        }
    }
}
