using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class RollingCorrelationTests
{
    [Fact]
    public void ALinearIncreasingRelationHasCorrelationOne()
    {
        var correlation = new RollingCorrelation(20);
        for (var i = 0; i < 50; i++)
        {
            var x = 100 + (Math.Sin(i) * 5);
            correlation.Update(x, (2 * x) + 1);
        }
        correlation.Value.ShouldBe(1, 1e-9);
    }

    [Fact]
    public void ANegatedSeriesHasCorrelationMinusOne()
    {
        var correlation = new RollingCorrelation(20);
        for (var i = 0; i < 50; i++)
        {
            var x = 30_000 + (i * 3.7 % 11);
            correlation.Update(x, -x);
        }
        correlation.Value.ShouldBe(-1, 1e-9);
    }

    [Fact]
    public void IsNaNDuringWarmUpAndZeroWhenASeriesIsFlat()
    {
        var correlation = new RollingCorrelation(3);
        double.IsNaN(correlation.Update(1, 5)).ShouldBeTrue();
        correlation.Update(2, 7);
        correlation.IsReady.ShouldBeFalse();
        correlation.Update(3, 4);
        correlation.IsReady.ShouldBeTrue();
        for (var i = 0; i < 3; i++)
        {
            correlation.Update(i * 1.1, 0.7);
        }
        correlation.Value.ShouldBe(0);
    }

    [Fact]
    public void MatchesATwoPassPearsonOverALongSeries()
    {
        const int period = 20;
        var correlation = new RollingCorrelation(period);
        var xs = new List<double>();
        var ys = new List<double>();
        var random = new Random(9);
        double x = 30_000, y = 2_000;
        for (var i = 0; i < 5_000; i++)
        {
            var common = random.NextDouble() - 0.5;
            x += (common * 50) + ((random.NextDouble() - 0.5) * 20);
            y += (common * 3) + ((random.NextDouble() - 0.5) * 4);
            xs.Add(x);
            ys.Add(y);
            var actual = correlation.Update(x, y);
            if (i < period - 1)
            {
                continue;
            }
            var mx = xs.Skip(i - period + 1).Average();
            var my = ys.Skip(i - period + 1).Average();
            double sxy = 0, sxx = 0, syy = 0;
            for (var j = i - period + 1; j <= i; j++)
            {
                sxy += (xs[j] - mx) * (ys[j] - my);
                sxx += (xs[j] - mx) * (xs[j] - mx);
                syy += (ys[j] - my) * (ys[j] - my);
            }
            actual.ShouldBe(sxy / Math.Sqrt(sxx * syy), 1e-8, $"pair {i}");
        }
    }

    [Fact]
    public void NeedsAtLeastTwoPairs()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new RollingCorrelation(1));
    }
}
