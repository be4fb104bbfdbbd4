using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Tests.Infrastructure.MarketData;

public class MarketGeneratorTests
{
    private static readonly Lazy<GeneratedMarket> DefaultMarket = new(() => MarketGenerator.Generate());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void TheSameSeedGivesTheSameMarket()
    {
        var options = new MarketGeneratorOptions { Seed = 7, InstrumentCount = 8, BarsPerInstrument = 1500 };

        var first = MarketGenerator.Generate(options);
        var second = MarketGenerator.Generate(options);

        second.Instruments.ShouldBe(first.Instruments);
        foreach (var instrument in first.Instruments)
        {
            second.Candles[instrument.Id].ShouldBe(first.Candles[instrument.Id]);
        }
    }

    [Fact]
    public void ADifferentSeedGivesADifferentMarket()
    {
        var first = MarketGenerator.Generate(new MarketGeneratorOptions { Seed = 1, BarsPerInstrument = 500 });
        var second = MarketGenerator.Generate(new MarketGeneratorOptions { Seed = 2, BarsPerInstrument = 500 });

        foreach (var instrument in first.Instruments)
        {
            second.Candles[instrument.Id].SequenceEqual(first.Candles[instrument.Id]).ShouldBeFalse(instrument.Id);
        }
    }

    [Fact]
    public void UsesTheDefaultUniverseWithRealisticContractRules()
    {
        var market = DefaultMarket.Value;

        market.Instruments.Select(i => i.Id).ShouldBe(
            ["BTC-USDT-SWAP", "ETH-USDT-SWAP", "SOL-USDT-SWAP", "XRP-USDT-SWAP", "DOGE-USDT-SWAP", "ADA-USDT-SWAP"]);
        var btc = market.Instruments[0];
        btc.TickSize.ShouldBe(0.1m);
        btc.LotSize.ShouldBe(1m);
        btc.ContractValue.ShouldBe(0.01m);
        market.Instruments[1].TickSize.ShouldBe(0.01m);
        market.Instruments[1].ContractValue.ShouldBe(0.1m);
        market.Instruments.ShouldAllBe(i => i.Kind == InstrumentKind.Swap && i.QuoteCurrency == "USDT");
        market.Candles.Values.ShouldAllBe(c => c.Count == 4000);
        market.Candles["BTC-USDT-SWAP"][0].Time.ShouldBe(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void SynthesisesFurtherUniqueIdsWhenMoreInstrumentsAreAsked()
    {
        var market = MarketGenerator.Generate(new MarketGeneratorOptions { InstrumentCount = 14, BarsPerInstrument = 50 });

        market.Instruments.Count.ShouldBe(14);
        market.Instruments.Select(i => i.Id).Distinct().Count().ShouldBe(14);
        market.Instruments.ShouldAllBe(i => i.Id.EndsWith("-USDT-SWAP", StringComparison.Ordinal));
        market.Candles.Count.ShouldBe(14);
    }

    [Fact]
    public void EveryBarIsConsistentContinuousAndOnTheTickGrid()
    {
        var market = MarketGenerator.Generate(new MarketGeneratorOptions { Seed = 3, InstrumentCount = 12, BarsPerInstrument = 3000 });

        foreach (var instrument in market.Instruments)
        {
            var candles = market.Candles[instrument.Id];
            for (var i = 0; i < candles.Count; i++)
            {
                var c = candles[i];
                var where = $"{instrument.Id} bar {i}";
                c.Low.ShouldBeGreaterThan(0m, where);
                c.Low.ShouldBeLessThanOrEqualTo(Math.Min(c.Open, c.Close), where);
                c.High.ShouldBeGreaterThanOrEqualTo(Math.Max(c.Open, c.Close), where);
                c.Volume.ShouldBeGreaterThan(0m, where);
                (c.Close % instrument.TickSize).ShouldBe(0m, where);
                (c.High % instrument.TickSize).ShouldBe(0m, where);
                (c.Low % instrument.TickSize).ShouldBe(0m, where);
                if (i > 0)
                {
                    (c.Time - candles[i - 1].Time).ShouldBe(Candle.Interval, where);
                    c.Open.ShouldBe(candles[i - 1].Close, where);
                }
            }
        }
    }

    [Fact]
    public void ContainsRangesFollowedByBreakoutsOnAVolumeSurgeForEveryInstrument()
    {
        var market = DefaultMarket.Value;

        foreach (var instrument in market.Instruments)
        {
            CountRangeBreakouts(market.Candles[instrument.Id]).ShouldBeGreaterThan(0, instrument.Id);
        }
    }

    [Fact]
    public void AltcoinsMovePartlyWithTheBenchmark()
    {
        var market = DefaultMarket.Value;
        var btc = LogReturns(market.Candles["BTC-USDT-SWAP"]);

        foreach (var instrument in market.Instruments.Skip(1))
        {
            var correlation = Correlation(btc, LogReturns(market.Candles[instrument.Id]));
            correlation.ShouldBeInRange(0.25, 0.95, instrument.Id);
        }
    }

    [Fact]
    public async Task GeneratedInstrumentsPassTypicalLiquidityFiltersInAReplay()
    {
        var market = DefaultMarket.Value;
        var clock = new ReplayClock(market.Candles["BTC-USDT-SWAP"][^1].CloseTime);
        var provider = new ReplayMarketDataProvider(market.Instruments, market.Candles, clock);

        foreach (var instrument in market.Instruments)
        {
            var snapshot = (await provider.GetSnapshotAsync(instrument.Id, null, 150, Ct))!;
            var book = snapshot.OrderBook!.Value;
            snapshot.Ticker!.Volume24hQuote.ShouldBeGreaterThanOrEqualTo(5_000_000m, instrument.Id);
            book.TotalDepth05.ShouldBeGreaterThanOrEqualTo(8_000m, instrument.Id);
            book.TotalDepth03.ShouldBeGreaterThanOrEqualTo(5_000m, instrument.Id);
            book.SpreadBps.ShouldBeLessThanOrEqualTo(30d, instrument.Id);
            snapshot.TradesPerMinute!.Value.ShouldBeGreaterThanOrEqualTo(3d, instrument.Id);
        }
    }

    /// <summary>
    /// A bar that closes outside the high/low of the previous 36 bars (3 hours) while those bars stayed within a 5 %
    /// band, on at least 2.5× their median volume.
    /// </summary>
    private static int CountRangeBreakouts(IReadOnlyList<Candle> candles)
    {
        const int lookback = 36;
        var found = 0;
        for (var i = lookback; i < candles.Count; i++)
        {
            var window = candles.Skip(i - lookback).Take(lookback).ToArray();
            var high = window.Max(c => c.High);
            var low = window.Min(c => c.Low);
            var median = window.Select(c => c.Volume).Order().ElementAt(lookback / 2);
            var tight = (high - low) / low < 0.05m;
            var outside = candles[i].Close > high || candles[i].Close < low;
            if (tight && outside && candles[i].Volume >= 2.5m * median)
            {
                found++;
            }
        }
        return found;
    }

    private static double[] LogReturns(IReadOnlyList<Candle> candles) =>
        candles.Skip(1).Select((c, i) => Math.Log((double)(c.Close / candles[i].Close))).ToArray();

    private static double Correlation(double[] x, double[] y)
    {
        var meanX = x.Average();
        var meanY = y.Average();
        var covariance = x.Zip(y, (a, b) => (a - meanX) * (b - meanY)).Sum();
        var varianceX = x.Sum(a => (a - meanX) * (a - meanX));
        var varianceY = y.Sum(b => (b - meanY) * (b - meanY));
        return covariance / Math.Sqrt(varianceX * varianceY);
    }
}
