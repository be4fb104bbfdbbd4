using BreakoutBot.Domain.Indicators;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Scanning;

/// <summary>
/// A market's chandelier stops are the <see cref="ChandelierExit"/> indicator's, whether the market reads the period's
/// extremes from its window (periods up to the window) or keeps them bar by bar (longer periods), before and after a
/// reload changes the period.
/// </summary>
public class InstrumentMarketChandelierTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2, 3.0)]
    [InlineData(5, 1.0)]
    [InlineData(22, 3.0)]
    [InlineData(InstrumentMarket.WindowSize - 1, 2.5)]
    [InlineData(InstrumentMarket.WindowSize, 2.5)]
    [InlineData(InstrumentMarket.WindowSize + 1, 2.5)]
    [InlineData(400, 0.5)]
    public void TheStopsAreTheIndicatorsOnEveryBar(int period, double multiplier)
    {
        var market = new InstrumentMarket(ScanningBuilder.Swap("ETH"), isBenchmark: false, period, multiplier);
        var indicator = new ChandelierExit(period, multiplier);

        foreach (var bar in Bars(700, seed: period))
        {
            market.Add(bar);
            indicator.Update((double)bar.High, (double)bar.Low, (double)bar.Close);

            StopsShouldBeTheIndicators(market, indicator);
        }
    }

    [Theory]
    [InlineData(22, 10)]
    [InlineData(10, 22)]
    [InlineData(22, InstrumentMarket.WindowSize + 50)]
    public void AReloadRebuildsTheStopsFromTheBarsHeld(int before, int after)
    {
        var market = new InstrumentMarket(ScanningBuilder.Swap("ETH"), isBenchmark: false, before, 3.0);
        var bars = Bars(600, seed: 7);
        foreach (var bar in bars.Take(400))
        {
            market.Add(bar);
        }

        market.ConfigureChandelier(after, 2.0);
        // The indicator rebuilt from the same bars the market holds (its window), then both go on.
        var indicator = new ChandelierExit(after, 2.0);
        foreach (var bar in bars.Skip(400 - InstrumentMarket.WindowSize).Take(InstrumentMarket.WindowSize))
        {
            indicator.Update((double)bar.High, (double)bar.Low, (double)bar.Close);
        }
        foreach (var bar in bars.Skip(400))
        {
            StopsShouldBeTheIndicators(market, indicator);
            market.Add(bar);
            indicator.Update((double)bar.High, (double)bar.Low, (double)bar.Close);
        }
    }

    [Fact]
    public void BadSettingsAreRefusedAsTheIndicatorRefusesThem()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new InstrumentMarket(ScanningBuilder.Swap("ETH"), false, 0, 3.0));
        Should.Throw<ArgumentOutOfRangeException>(() => new InstrumentMarket(ScanningBuilder.Swap("ETH"), false, 22, double.NaN));
        var market = new InstrumentMarket(ScanningBuilder.Swap("ETH"), isBenchmark: false);
        Should.Throw<ArgumentOutOfRangeException>(() => market.ConfigureChandelier(22, -1));
    }

    private static void StopsShouldBeTheIndicators(InstrumentMarket market, ChandelierExit indicator)
    {
        market.TryGetChandelier(out var longStop, out var shortStop).ShouldBe(indicator.IsReady);
        if (indicator.IsReady)
        {
            longStop.ShouldBe(indicator.LongStop);
            shortStop.ShouldBe(indicator.ShortStop);
        }
        else
        {
            longStop.ShouldBe(double.NaN);
            shortStop.ShouldBe(double.NaN);
        }
    }

    // A random walk whose highs and lows jump now and then, so the extremes leave the window at every distance.
    private static List<Candle> Bars(int count, int seed)
    {
        var random = new Random(seed);
        var bars = new List<Candle>(count);
        var price = 100m;
        for (var i = 0; i < count; i++)
        {
            var open = price;
            price = Math.Max(1m, price + (decimal)Math.Round((random.NextDouble() - 0.5) * 2, 2));
            var spike = random.Next(20) == 0 ? 3m : 0m;
            var high = Math.Max(open, price) + (decimal)Math.Round(random.NextDouble(), 2) + spike;
            var low = Math.Max(0.5m, Math.Min(open, price) - (decimal)Math.Round(random.NextDouble(), 2) - spike);
            bars.Add(new Candle(T0.AddMinutes(5 * i), open, high, low, price, 1_000m));
        }
        return bars;
    }
}
