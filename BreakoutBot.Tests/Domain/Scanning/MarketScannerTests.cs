using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Scanning;

public class MarketScannerTests
{
    private const double Price = 100d;

    // breakout_v1: min volume 5M, min OI 2M, spread <= 30 bps, depth 8k/5k, tpm >= 3, ATR/price in [0.005, 0.12],
    // BB width <= 82, surges >= 1.15 / 1.4, |OI change| >= 0.018, correlation limit 0.4 (raised to the 0.85 floor).
    private static readonly TradingPreset Preset = PresetCatalog.Get("breakout_v1");

    /// <summary>Figures that pass every breakout_v1 filter comfortably.</summary>
    private static readonly ScanMetrics Passing = new()
    {
        Price = Price,
        Atr5m = 1,
        Atr15m = 2,
        BbWidthPct = 5,
        VolumeSurge1h = 2,
        VolumeSurge5m = 2,
        Volume24hUsd = 10_000_000,
        OpenInterestUsd = 5_000_000,
        OpenInterestChange24h = 0.05,
        TradesPerMinute = 10,
        BtcCorrelation = 0.3,
        SpreadBps = 5,
        Depth03Usd = 20_000,
        Depth05Usd = 30_000,
        CandleCount = 40,
        HasOrderBook = true,
    };

    [Fact]
    public void HealthyMarketPassesEveryFilter()
    {
        var (_, alt) = Markets(40);

        var filters = MarketScanner.Filter(alt, Passing, Preset);

        filters.Where(f => !f.Value.Passed).Select(f => f.Key + ": " + f.Value.Reason).ShouldBeEmpty();
        filters.Keys.ShouldBe(
            ["min_24h_volume", "min_oi", "max_spread", "min_depth_0_5pct", "min_depth_0_3pct", "min_trades_per_minute",
             "atr_range", "bb_width", "volume_surge_1h", "volume_surge_5m", "oi_delta", "correlation", "data_health"],
            ignoreOrder: true);
    }

    [Theory]
    [InlineData("min_24h_volume", 5_000_000d, 4_999_999d, 5_000_000d)]
    [InlineData("min_oi", 2_000_000d, 1_999_999d, 2_000_000d)]
    [InlineData("max_spread", 30d, 30.01d, 30d)]
    [InlineData("min_depth_0_5pct", 8_000d, 7_999d, 8_000d)]
    [InlineData("min_depth_0_3pct", 5_000d, 4_999d, 5_000d)]
    [InlineData("min_trades_per_minute", 3d, 2.99d, 3d)]
    [InlineData("atr_range", 0.005d, 0.0049d, 0.005d)]
    [InlineData("atr_range", 0.12d, 0.121d, 0.005d)]
    [InlineData("bb_width", 82d, 82.1d, 82d)]
    [InlineData("volume_surge_1h", 1.15d, 1.14d, 1.15d)]
    [InlineData("volume_surge_5m", 1.4d, 1.39d, 1.4d)]
    [InlineData("oi_delta", 0.018d, 0.0179d, 0.018d)]
    [InlineData("oi_delta", -0.02d, -0.017d, 0.018d)]
    [InlineData("correlation", 0.85d, 0.86d, 0.85d)]
    [InlineData("correlation", -0.85d, -0.9d, 0.85d)]
    public void FilterPassesAtItsThresholdAndFailsJustBeyondIt(string filter, double passing, double failing, double threshold)
    {
        var (_, alt) = Markets(40);

        var pass = MarketScanner.Filter(alt, With(filter, passing), Preset)[filter];
        var fail = MarketScanner.Filter(alt, With(filter, failing), Preset)[filter];

        pass.Passed.ShouldBeTrue(pass.Reason);
        fail.Passed.ShouldBeFalse(fail.Reason);
        pass.Value.ShouldBe(ExpectedValue(filter, passing), 1e-12);
        fail.Value.ShouldBe(ExpectedValue(filter, failing), 1e-12);
        pass.Threshold.ShouldBe(threshold, 1e-12);
        fail.Threshold.ShouldBe(threshold, 1e-12);
        fail.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("min_24h_volume")]
    [InlineData("max_spread")]
    [InlineData("bb_width")]
    [InlineData("volume_surge_5m")]
    [InlineData("atr_range")]
    public void NotANumberNeverPassesAFilter(string filter)
    {
        var (_, alt) = Markets(40);

        MarketScanner.Filter(alt, With(filter, double.NaN), Preset)[filter].Passed.ShouldBeFalse();
    }

    [Fact]
    public void CorrelationLimitIsNeverBelowTheFloor()
    {
        var (_, alt) = Markets(40);
        var loose = Preset with { Risk = Preset.Risk with { CorrelationLimit = 0.9 } };

        // breakout_v1 asks for 0.4, but the floor keeps BTC-like alts tradable up to 0.85.
        Preset.Risk.CorrelationLimit.ShouldBe(0.4);
        var atFloor = MarketScanner.Filter(alt, Passing with { BtcCorrelation = 0.6 }, Preset)["correlation"];
        atFloor.Passed.ShouldBeTrue();
        atFloor.Threshold.ShouldBe(MarketScanner.CorrelationFloor);

        // A limit above the floor is used as is.
        var above = MarketScanner.Filter(alt, Passing with { BtcCorrelation = 0.88 }, loose)["correlation"];
        above.Passed.ShouldBeTrue();
        above.Threshold.ShouldBe(0.9);
        MarketScanner.Filter(alt, Passing with { BtcCorrelation = 0.91 }, loose)["correlation"].Passed.ShouldBeFalse();
    }

    [Fact]
    public void BenchmarkIsExemptFromTheCorrelationFilter()
    {
        var (btc, _) = Markets(40);

        var result = MarketScanner.Filter(btc, Passing with { BtcCorrelation = 1 }, Preset)["correlation"];

        result.Passed.ShouldBeTrue();
        double.IsNaN(result.Value).ShouldBeTrue();
        result.Reason.ShouldContain("benchmark");
    }

    [Fact]
    public void CorrelationFailsWhileItIsNotKnownYet()
    {
        var (_, alt) = Markets(40, correlate: false);
        alt.IsBtcCorrelationReady.ShouldBeFalse();

        var result = MarketScanner.Filter(alt, Passing with { BtcCorrelation = 0 }, Preset)["correlation"];

        result.Passed.ShouldBeFalse();
        result.Reason.ShouldContain("not known");
    }

    [Fact]
    public void MissingOpenInterestIsNotAvailableNeitherPassedNorFailed()
    {
        var (_, alt) = Markets(40);
        var noOi = Passing with { OpenInterestUsd = null, OpenInterestChange24h = null };

        var filters = MarketScanner.Filter(alt, noOi, Preset);

        foreach (var name in new[] { "min_oi", "oi_delta" })
        {
            filters[name].Passed.ShouldBeFalse();
            filters[name].Failed.ShouldBeFalse();
            filters[name].IsAvailable.ShouldBeFalse();
            double.IsNaN(filters[name].Value).ShouldBeTrue();
        }
        filters.NotChecked.ShouldBe(UncheckedConditions.MinOi | UncheckedConditions.OiDelta);
    }

    [Fact]
    public void SpotMarketsSkipTheOpenInterestFilterEvenWithAFigure()
    {
        var spot = new InstrumentMarket(ScanningBuilder.Spot("ETH"), isBenchmark: false);

        var result = MarketScanner.Filter(spot, Passing with { OpenInterestUsd = 1 }, Preset)["min_oi"];

        result.Passed.ShouldBeTrue();
        result.Reason.ShouldContain("spot");
    }

    [Fact]
    public void SpreadFilterIsSkippedWithoutAnOrderBook()
    {
        var (_, alt) = Markets(40);

        var filters = MarketScanner.Filter(alt, Passing with { HasOrderBook = false, SpreadBps = double.NaN }, Preset);

        filters["max_spread"].Passed.ShouldBeTrue();
        // ... but a market without a book is not healthy.
        filters["data_health"].Passed.ShouldBeFalse();
        filters["data_health"].Reason.ShouldContain("order-book");
    }

    [Fact]
    public void GapsAreCountedOverTheAskedBarsAsTheBarsArriveAndAsTheWindowMoves()
    {
        // 1,000 bars with random gaps of one to three missing bars, so the stored window is compacted several times;
        // after every bar the gaps over the last 1, 2, 30 and 200 bars equal a count over the bars' own open times.
        var random = new Random(11);
        var market = new InstrumentMarket(ScanningBuilder.Swap("ETH"), isBenchmark: false);
        var opens = new List<DateTimeOffset>();
        var open = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 1_000; i++)
        {
            open += Candle.Interval * (random.Next(10) == 0 ? 1 + random.Next(1, 4) : 1);
            opens.Add(open);
            market.Add(new Candle(open, 100m, 101m, 99m, 100m, 10m)).ShouldBeTrue();
            var held = opens.TakeLast(InstrumentMarket.WindowSize).ToList();
            foreach (var bars in new[] { 1, 2, MarketScanner.DataHealthLookbackBars, 200 })
            {
                var expected = 0;
                for (var j = Math.Max(1, held.Count - bars); j < held.Count; j++)
                {
                    expected += held[j] - held[j - 1] > Candle.Interval * 1.2 ? 1 : 0;
                }
                market.GapsInLast(bars).ShouldBe(expected, $"bar {i}, last {bars}");
            }
        }
    }

    [Fact]
    public void DataHealthFailsOnAGapInTheLastThirtyBars()
    {
        var (_, alt) = Markets(40, gapAt: 35);
        alt.GapsInLast(MarketScanner.DataHealthLookbackBars).ShouldBe(1);

        var result = MarketScanner.Filter(alt, Passing, Preset)["data_health"];

        result.Passed.ShouldBeFalse();
        result.Value.ShouldBe(1);
        result.Threshold.ShouldBe(0);
        result.Reason.ShouldContain("gap");
    }

    [Fact]
    public void DataHealthForgetsAGapOlderThanThirtyBars()
    {
        var (_, alt) = Markets(60, gapAt: 20);

        MarketScanner.Filter(alt, Passing, Preset)["data_health"].Passed.ShouldBeTrue();
    }

    [Fact]
    public void DataHealthFailsWithTooFewCandles()
    {
        var (_, alt) = Markets(MarketScanner.MinCandles - 1, correlate: false);

        var result = MarketScanner.Filter(alt, Passing, Preset)["data_health"];

        result.Passed.ShouldBeFalse();
        result.Value.ShouldBe(MarketScanner.MinCandles - 1);
        result.Threshold.ShouldBe(MarketScanner.MinCandles);
    }

    [Theory]
    [InlineData(60d, true)]
    [InlineData(60.5d, false)]
    public void DataHealthFailsWhenTheSpreadIsFarBeyondTheLimit(double spreadBps, bool healthy)
    {
        var (_, alt) = Markets(40);

        // The limit is twice max_spread_bps (30), at least 20.
        var result = MarketScanner.Filter(alt, Passing with { SpreadBps = spreadBps }, Preset)["data_health"];

        result.Passed.ShouldBe(healthy);
        if (!healthy)
        {
            result.Threshold.ShouldBe(60);
        }
    }

    [Fact]
    public void DataHealthFailsWithoutTradingActivity()
    {
        var (_, alt) = Markets(40);

        MarketScanner.Filter(alt, Passing with { TradesPerMinute = 0 }, Preset)["data_health"].Passed.ShouldBeFalse();
    }

    [Theory]
    [InlineData(1.5, 1.5, 0)]
    [InlineData(2.5, 2.5, 1)]
    [InlineData(1, 1, -0.5)]
    [InlineData(4, 3, 2.1)]
    [InlineData(10, 10, 3)]
    [InlineData(100, 0, 3)]
    [InlineData(-10, -10, -3)]
    [InlineData(double.NaN, 2, 0)]
    public void VolSurgeScoreWeighsTheHourAboveTheBarAndIsClippedToThree(double surge1h, double surge5m, double expected)
    {
        MarketScanner.VolSurgeScore(surge1h, surge5m).ShouldBe(expected, 1e-12);
    }

    [Fact]
    public void AtrQualityPeaksAtTwoAndAHalfPercent()
    {
        MarketScanner.AtrQuality(0.025).ShouldBe(1d, 1e-12);
        MarketScanner.AtrQuality(0.015).ShouldBe(0.5, 1e-12);
        MarketScanner.AtrQuality(0.035).ShouldBe(0.5, 1e-12);
        MarketScanner.AtrQuality(0.0075).ShouldBe(0.25, 1e-12);
        MarketScanner.AtrQuality(0.04).ShouldBe(0.25, 1e-12);
        MarketScanner.AtrQuality(0.045).ShouldBe(0d, 1e-12);
        MarketScanner.AtrQuality(0.06).ShouldBe(0d);
        MarketScanner.AtrQuality(0).ShouldBe(0d);
        MarketScanner.AtrQuality(double.NaN).ShouldBe(0d);

        // Rises up to the peak and falls after it, continuously at the band edges.
        var ratios = Enumerable.Range(1, 600).Select(i => i * 0.0001).ToList();
        var q = ratios.Select(MarketScanner.AtrQuality).ToList();
        for (var i = 1; i < ratios.Count; i++)
        {
            if (ratios[i] <= 0.025 + 1e-12)
            {
                q[i].ShouldBeGreaterThanOrEqualTo(q[i - 1], $"at {ratios[i]}");
            }
            else
            {
                q[i].ShouldBeLessThanOrEqualTo(q[i - 1], $"at {ratios[i]}");
            }
            Math.Abs(q[i] - q[i - 1]).ShouldBeLessThan(0.011, $"jump at {ratios[i]}");
        }
        ratios[q.IndexOf(q.Max())].ShouldBe(0.025, 1e-9);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.15, 0.75)]
    [InlineData(0.3, 0.5)]
    [InlineData(0.31, 1)]
    [InlineData(0.7, 1)]
    [InlineData(0.85, 0.25)]
    [InlineData(1, -0.5)]
    [InlineData(-0.85, 0.25)]
    [InlineData(-1, -0.5)]
    public void CorrelationScoreFavoursModerateCorrelationAndPenalisesBtcClones(double correlation, double expected)
    {
        MarketScanner.CorrelationScore(correlation).ShouldBe(expected, 1e-12);
    }

    [Theory]
    [InlineData(7.38905609893065, 0)] // e^2
    [InlineData(1, -2)]
    [InlineData(148.4131591025766, 3)] // e^5
    [InlineData(1_000_000, 3)]
    [InlineData(0.001, -3)]
    [InlineData(0, -3)]
    public void TradesPerMinuteScoreIsTheLogAroundESquaredClippedToThree(double tpm, double expected)
    {
        var weights = new Dictionary<string, double> { ["trades_per_minute"] = 1 };

        MarketScanner.ScoreParts(Passing with { TradesPerMinute = tpm }, weights)["trades_per_minute"].ShouldBe(expected, 1e-9);
    }

    [Fact]
    public void ScorePartsAreWeightedAndUnknownKeysAreIgnored()
    {
        var weights = new Dictionary<string, double>
        {
            ["vol_surge"] = 0.3,
            ["oi_delta"] = 0.15,
            ["atr_quality"] = 0.2,
            ["correlation"] = 0.15,
            ["trades_per_minute"] = 0.2,
            ["video_strategy_volume"] = 5,
            ["losers_reversal"] = 7,
        };
        var m = Passing with { Atr15m = 2.5, VolumeSurge1h = 2.5, VolumeSurge5m = 2.5, OpenInterestChange24h = -0.05, BtcCorrelation = 0.5, TradesPerMinute = Math.Exp(3) };

        var parts = MarketScanner.ScoreParts(m, weights);

        parts.Keys.ShouldBe(["vol_surge", "oi_delta", "atr_quality", "correlation", "trades_per_minute"], ignoreOrder: true);
        parts["vol_surge"].ShouldBe(0.3 * 1, 1e-12);
        parts["oi_delta"].ShouldBe(0.15 * 1, 1e-12);
        parts["atr_quality"].ShouldBe(0.2 * 2.5, 1e-12); // q = 1 at 2.5 %: (1 − 0.5)/0.2
        parts["correlation"].ShouldBe(0.15 * 1, 1e-12);
        parts["trades_per_minute"].ShouldBe(0.2 * 1, 1e-12);
    }

    [Fact]
    public void MeasureReadsTheMarketsOwnFigures()
    {
        var (_, alt) = Markets(40);

        var m = MarketScanner.Measure(alt);

        m.Price.ShouldBe((double)alt.LastCandle!.Value.Close);
        m.CandleCount.ShouldBe(40);
        m.Atr5m.ShouldBe(alt.Atr);
        m.Volume24hUsd.ShouldBe(alt.Volume24hUsd);
        m.BtcCorrelation.ShouldBe(alt.BtcCorrelation);
        m.HasOrderBook.ShouldBeFalse();
        m.Depth05Usd.ShouldBe(0);
    }

    private static ScanMetrics With(string filter, double v) => filter switch
    {
        "min_24h_volume" => Passing with { Volume24hUsd = v },
        "min_oi" => Passing with { OpenInterestUsd = v },
        "max_spread" => Passing with { SpreadBps = v },
        "min_depth_0_5pct" => Passing with { Depth05Usd = v },
        "min_depth_0_3pct" => Passing with { Depth03Usd = v },
        "min_trades_per_minute" => Passing with { TradesPerMinute = v },
        "atr_range" => Passing with { Atr15m = v * Price },
        "bb_width" => Passing with { BbWidthPct = v },
        "volume_surge_1h" => Passing with { VolumeSurge1h = v },
        "volume_surge_5m" => Passing with { VolumeSurge5m = v },
        "oi_delta" => Passing with { OpenInterestChange24h = v },
        "correlation" => Passing with { BtcCorrelation = v },
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "no metric for this filter"),
    };

    private static double ExpectedValue(string filter, double v) => filter is "oi_delta" or "correlation" ? Math.Abs(v) : v;

    /// <summary>A benchmark and an alt that moves with it, fed <paramref name="bars"/> bars (the alt's correlation warm when asked).</summary>
    private static (InstrumentMarket Btc, InstrumentMarket Alt) Markets(int bars, bool correlate = true, int gapAt = -1)
    {
        var btc = new InstrumentMarket(ScanningBuilder.Swap("BTC"), isBenchmark: true);
        var alt = new InstrumentMarket(ScanningBuilder.Swap("ETH"), isBenchmark: false);
        var btcBars = ScanningBuilder.Btc(bars, gapAt: gapAt);
        var altBars = ScanningBuilder.FromCloses(Enumerable.Range(0, bars).Select(i => ScanningBuilder.BtcClose(i) / 15), gapAt: gapAt);
        for (var i = 0; i < bars; i++)
        {
            btc.Add(btcBars[i]);
            alt.Add(altBars[i], correlate ? btc.CloseAt : null);
        }
        return (btc, alt);
    }
}
