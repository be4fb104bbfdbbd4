using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class BollingerTests
{
    [Fact]
    public void UsesThePopulationStandardDeviation()
    {
        var bands = new Bollinger(4, 2);
        foreach (var close in new[] { 1d, 2d, 3d })
        {
            bands.Update(close);
        }
        bands.IsReady.ShouldBeFalse();
        double.IsNaN(bands.Upper).ShouldBeTrue();
        bands.Update(4);

        var sd = Math.Sqrt(1.25);
        bands.Middle.ShouldBe(2.5, 1e-12);
        bands.StdDev.ShouldBe(sd, 1e-12);
        bands.Upper.ShouldBe(2.5 + (2 * sd), 1e-12);
        bands.Lower.ShouldBe(2.5 - (2 * sd), 1e-12);
        bands.Width.ShouldBe(4 * sd / 2.5, 1e-12);
        bands.WidthPct.ShouldBe(400 * sd / 2.5, 1e-10);
        bands.PercentB.ShouldBe((1.5 + (2 * sd)) / (4 * sd), 1e-12);
        bands.ZScore.ShouldBe(1.5 / sd, 1e-12);
    }

    [Fact]
    public void AConstantWindowHasZeroWidthAndNoPercentB()
    {
        var bands = new Bollinger(5, 2);
        foreach (var close in new[] { 3d, 9d, 1d, 7d })
        {
            bands.Update(close);
        }
        for (var i = 0; i < 5; i++)
        {
            bands.Update(0.123456789);
        }
        bands.StdDev.ShouldBe(0);
        bands.Middle.ShouldBe(0.123456789);
        bands.Width.ShouldBe(0);
        double.IsNaN(bands.PercentB).ShouldBeTrue();
        double.IsNaN(bands.ZScore).ShouldBeTrue();
    }

    [Fact]
    public void StaysEqualToATwoPassComputationOverALongSeriesWithLargePricesAndFlatRuns()
    {
        const int period = 20;
        var bands = new Bollinger(period, 2);
        var closes = new List<double>();
        var random = new Random(5);
        var price = 30_000d;
        for (var i = 0; i < 5_000; i++)
        {
            if (i % 700 < 30)
            {
                price = Math.Round(price, 1);
            }
            else
            {
                price += (random.NextDouble() - 0.5) * 20;
            }
            closes.Add(price);
            bands.Update(price);
            if (i < period - 1)
            {
                continue;
            }
            var mean = 0d;
            for (var j = i - period + 1; j <= i; j++)
            {
                mean += closes[j];
            }
            mean /= period;
            var m2 = 0d;
            for (var j = i - period + 1; j <= i; j++)
            {
                m2 += (closes[j] - mean) * (closes[j] - mean);
            }
            var sd = Math.Sqrt(m2 / period);
            bands.Middle.ShouldBe(mean, 1e-9 * mean, $"middle at {i}");
            bands.StdDev.ShouldBe(sd, 1e-6 + (1e-9 * sd), $"sd at {i}");
        }
    }
}
