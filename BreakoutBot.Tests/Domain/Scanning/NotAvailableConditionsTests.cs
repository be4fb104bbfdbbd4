using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Tests.Domain.Scanning;

/// <summary>ADR-007: a condition whose input the source cannot provide is not available, never passed, and reported.</summary>
public class NotAvailableConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Instrument Inst = new("SYN-USDT-SWAP", InstrumentKind.Swap, 0.01m, 0.001m, 0.001m, 1m);
    private static readonly TradingPreset BreakoutV1 = PresetCatalog.Get("breakout_v1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A slow climb, then a wide bar on 5,000 volume through resistance at 100 (a momentum breakout).</summary>
    private static List<Candle> MomentumSeries()
    {
        var bars = new List<Candle>();
        for (var i = 0; i < 40; i++)
        {
            var open = 100m + (0.01m * i);
            var close = i == 39 ? open + 0.12m : open + 0.06m;
            bars.Add(Candle.Create(T0 + (Candle.Interval * i), open, close + 0.02m, open - 0.02m, close, i == 39 ? 5000m : 1200m));
        }
        return bars;
    }

    private static Signal? Momentum(double imbalance, bool modelled)
    {
        var bars = MomentumSeries();
        var market = new InstrumentMarket(Inst, isBenchmark: false);
        var book = new OrderBookSummary(bars[^1].Close - 0.01m, bars[^1].Close + 0.01m, 60_000m, 60_000m, 100_000m, 100_000m, imbalance, modelled);
        market.ApplySnapshot(new MarketSnapshot(Inst, bars, null, book, null, null, 10), null);
        var level = new TradingLevel { Price = 100.0, Type = LevelType.Resistance, TouchCount = 4, Strength = 0.9, FirstTouch = T0, LastTouch = T0 };
        var candidate = new ScanResult(Inst.Id, 1.0, 1, new Dictionary<string, FilterResult>(), new Dictionary<string, double>(), new ScanMetrics(), [level], T0);
        return new SignalGenerator(new BreakoutHistory()).TryMomentum(candidate, market, level, BreakoutV1, bars[^1].CloseTime);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(0.0)]
    [InlineData(-0.8)]
    public void L2ImbalanceOfAModelledBookIsNeverCountedAsPassed(double modelledImbalance)
    {
        var signal = Momentum(modelledImbalance, modelled: true);

        // Whatever the model says, the check is listed as not available: not passed, not failed, not blocking.
        signal.ShouldNotBeNull();
        var l2 = signal.Conditions["l2_imbalance"];
        l2.IsAvailable.ShouldBeFalse();
        l2.Passed.ShouldBeFalse();
        l2.Failed.ShouldBeFalse();
        double.IsNaN(l2.Value).ShouldBeTrue();
    }

    [Fact]
    public async Task L2NotAvailableInReplayIsNeverCountedAsPassed()
    {
        // A replay of the momentum breakout through the replay provider: its book is a model of one.
        var bars = MomentumSeries();
        var candles = new Dictionary<string, IReadOnlyList<Candle>>(StringComparer.Ordinal) { [Inst.Id] = bars };
        var scanning = new ScanningManager(new ReplayMarketDataProvider([Inst], candles, new ReplayClock(bars[^1].CloseTime)));
        var scan = await scanning.ScanAsync(BreakoutV1, Ct);
        var market = scanning.GetMarket(Inst.Id).ShouldNotBeNull();
        var level = new TradingLevel { Price = 100.0, Type = LevelType.Resistance, TouchCount = 4, Strength = 0.9, FirstTouch = T0, LastTouch = T0 };
        var generator = new SignalGenerator(new BreakoutHistory());

        var signal = generator.TryMomentum(scan.Results.Single(), market, level, BreakoutV1, bars[^1].CloseTime);

        market.OrderBook.ShouldBeNull();
        market.LiquidityBook.ShouldNotBeNull().IsModelled.ShouldBeTrue();
        scan.NotCheckedNames.ShouldContain("l2_imbalance");
        var l2 = signal.ShouldNotBeNull().Conditions["l2_imbalance"];
        l2.Passed.ShouldBeFalse();
        l2.IsAvailable.ShouldBeFalse();
        signal.Conditions.Where(c => c.Value.Passed).Select(c => c.Key).ShouldNotContain("l2_imbalance");
    }

    [Fact]
    public void L2ImbalanceOfARealBookIsStillChecked()
    {
        Momentum(0.6, modelled: false)!.Conditions["l2_imbalance"].Passed.ShouldBeTrue();
        Momentum(-0.6, modelled: false).ShouldBeNull();
    }

    [Fact]
    public void AModelledBookServesSpreadAndDepthButIsNotLevel2()
    {
        var bars = MomentumSeries();
        var market = new InstrumentMarket(Inst, isBenchmark: false);
        var book = new OrderBookSummary(100m, 100.02m, 60_000m, 60_000m, 100_000m, 100_000m, 0, IsModelled: true);
        market.ApplySnapshot(new MarketSnapshot(Inst, bars, null, book, null, null, 10), null);

        market.OrderBook.ShouldBeNull();
        market.LiquidityBook.ShouldBe(book);
        var m = MarketScanner.Measure(market);
        m.HasOrderBook.ShouldBeTrue();
        m.HasLevel2.ShouldBeFalse();
        m.Depth05Usd.ShouldBe(200_000d);
    }

    [Fact]
    public async Task AReplayScanWithoutBtcListsEveryConditionItCouldNotCheck()
    {
        var ids = new[] { "ETH-USDT-SWAP", "SOL-USDT-SWAP" };
        var instruments = ids.Select(InstrumentDefaults.For).ToList();
        var candles = ids.ToDictionary(id => id, id => (IReadOnlyList<Candle>)Wave(id == ids[0] ? 3000m : 150m), StringComparer.Ordinal);
        var clock = new ReplayClock(candles[ids[0]][^1].CloseTime);
        var scanning = new ScanningManager(new ReplayMarketDataProvider(instruments, candles, clock));

        var scan = await scanning.ScanAsync(BreakoutV1, Ct);

        scanning.BenchmarkInstrumentId.ShouldBeNull();
        scan.NotCheckedNames.ShouldBe(["min_oi", "oi_delta", "correlation", "l2_imbalance"]);
        foreach (var r in scan.Results)
        {
            r.NotCheckedNames.ShouldBe(["min_oi", "oi_delta", "correlation", "l2_imbalance"]);
            r.Filters["correlation"].Passed.ShouldBeFalse();
            r.Filters["correlation"].Failed.ShouldBeFalse();
            r.Filters["min_oi"].Failed.ShouldBeFalse();
            r.ScoreParts.ContainsKey("correlation").ShouldBeFalse();
            r.ScoreParts.ContainsKey("oi_delta").ShouldBeFalse();
            r.Filters.Where(f => f.Value.Failed).Select(f => f.Key).ShouldNotContain("correlation");
        }
    }

    [Fact]
    public void ScoreRenormalisesTheWeightsOverTheAvailableComponents()
    {
        // breakout_v1's weights: vol_surge 0.3, oi_delta 0.15, atr_quality 0.2, correlation 0.15, trades_per_minute 0.2.
        // Normalised values: vol_surge 1 ((0.6·2.5 + 0.4·2.5 − 1.5)/1), atr_quality 2.5 (ATR/price 2.5 %: (1 − 0.5)/0.2),
        // correlation 1 (|0.5| in the 0.3–0.7 plateau), trades_per_minute 1 (ln e³ − 2); open interest unknown.
        var weights = BreakoutV1.ScannerConfig.ScoreWeights;
        var m = new ScanMetrics
        {
            Price = 100, Atr15m = 2.5, VolumeSurge1h = 2.5, VolumeSurge5m = 2.5, BtcCorrelation = 0.5,
            TradesPerMinute = Math.Exp(3), OpenInterestChange24h = null,
        };

        var parts = MarketScanner.ScoreParts(m, weights);

        // Available weight 0.85 of 1.0, so every available weight is scaled by 1/0.85.
        parts.ContainsKey("oi_delta").ShouldBeFalse();
        parts.NotChecked.ShouldBe(UncheckedConditions.OiDelta);
        parts["vol_surge"].ShouldBe(0.3 / 0.85, 1e-12);
        parts["atr_quality"].ShouldBe(0.2 * 2.5 / 0.85, 1e-12);
        parts["correlation"].ShouldBe(0.15 / 0.85, 1e-12);
        parts["trades_per_minute"].ShouldBe(0.2 / 0.85, 1e-12);
        parts.Total.ShouldBe(1.15 / 0.85, 1e-12); // 1.3529…, not the 1.15 a silent zero for oi_delta gave

        // Without a benchmark correlation as well: 0.7 of the weight is left, total (0.3 + 0.5 + 0.2)/0.7.
        var noBtc = MarketScanner.ScoreParts(m with { HasBenchmark = false, BtcCorrelationKnown = false }, weights);
        noBtc.NotChecked.ShouldBe(UncheckedConditions.OiDelta | UncheckedConditions.Correlation);
        noBtc.Total.ShouldBe(1.0 / 0.7, 1e-12);

        // Everything available: no scaling.
        MarketScanner.ScoreParts(m with { OpenInterestChange24h = 0.05 }, weights).Total.ShouldBe(1.30, 1e-12);
    }

    private static List<Candle> Wave(decimal basePrice)
    {
        var bars = new List<Candle>();
        for (var i = 0; i < 120; i++)
        {
            var open = basePrice * (1m + (0.01m * (decimal)Math.Sin(i / 6.0)));
            var close = basePrice * (1m + (0.01m * (decimal)Math.Sin((i + 1) / 6.0)));
            var high = Math.Max(open, close) * 1.002m;
            var low = Math.Min(open, close) * 0.998m;
            bars.Add(Candle.Create(T0 + (Candle.Interval * i), open, high, low, close, 50_000m + (i * 10m)));
        }
        return bars;
    }
}
