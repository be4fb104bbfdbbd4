using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Scanning;

public class ScanningManagerTests
{
    private static readonly Instrument Btc = ScanningBuilder.Swap("BTC");
    private static readonly Instrument Eth = ScanningBuilder.Swap("ETH");
    private static readonly Instrument Sol = ScanningBuilder.Swap("SOL");
    private static readonly Instrument Xrp = ScanningBuilder.Swap("XRP");
    private static readonly TradingPreset Preset = PresetCatalog.Get("breakout_v1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhitelistKeepsOnlyTheListedSymbols()
    {
        var data = FourInstruments();
        var scanner = new ScanningManager(data);

        var outcome = await scanner.ScanAsync(WithScanner(c => c with { SymbolWhitelist = [Eth.Id, Sol.Id] }), Ct);

        outcome.Results.Select(r => r.InstrumentId).ShouldBe([Eth.Id, Sol.Id], ignoreOrder: true);
        outcome.TotalScanned.ShouldBe(4);
        data.Requests.ShouldNotContain(Xrp.Id);
    }

    [Fact]
    public async Task BlacklistDropsTheListedSymbols()
    {
        var data = FourInstruments();
        var scanner = new ScanningManager(data);

        var outcome = await scanner.ScanAsync(WithScanner(c => c with { SymbolBlacklist = [Sol.Id] }), Ct);

        outcome.Results.Select(r => r.InstrumentId).ShouldBe([Btc.Id, Eth.Id, Xrp.Id], ignoreOrder: true);
        data.Requests.ShouldNotContain(Sol.Id);
    }

    [Fact]
    public async Task BlacklistWinsOverWhitelist()
    {
        var scanner = new ScanningManager(FourInstruments());

        var outcome = await scanner.ScanAsync(WithScanner(c => c with { SymbolWhitelist = [Eth.Id, Sol.Id], SymbolBlacklist = [Sol.Id] }), Ct);

        outcome.Results.Select(r => r.InstrumentId).ShouldBe([Eth.Id]);
    }

    [Fact]
    public async Task TopNKeepsTheHighestTwentyFourHourVolumes()
    {
        var data = new FakeMarketData();
        data.Add(Btc, ScanningBuilder.Btc(40, volume: 100));
        data.Add(Eth, ScanningBuilder.Btc(40, volume: 400));
        data.Add(Sol, ScanningBuilder.Btc(40, volume: 300));
        data.Add(Xrp, ScanningBuilder.Btc(40, volume: 200));
        var scanner = new ScanningManager(data);

        var outcome = await scanner.ScanAsync(WithScanner(c => c with { TopNByVolume = 2 }), Ct);

        outcome.Results.Select(r => r.InstrumentId).ShouldBe([Eth.Id, Sol.Id], ignoreOrder: true);
        outcome.Results.ShouldAllBe(r => r.Metrics.Volume24hUsd > 0);
        outcome.TotalScanned.ShouldBe(4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RanksRunFromOneInDescendingScoreWithTiesByName(bool resultsOnDemand)
    {
        // Identical bars everywhere, so only the trade rate tells the instruments apart.
        var data = new FakeMarketData();
        data.Add(Btc, ScanningBuilder.Btc(40), tradesPerMinute: 5);
        data.Add(Eth, ScanningBuilder.Btc(40), tradesPerMinute: 20);
        data.Add(Sol, ScanningBuilder.Btc(40), tradesPerMinute: 500);
        data.Add(Xrp, ScanningBuilder.Btc(40), tradesPerMinute: 20);
        // On demand, the scan ranks its entries only when they are first read by rank.
        var scanner = new ScanningManager(data) { ResultsOnDemand = resultsOnDemand };

        var outcome = await scanner.ScanAsync(Preset, Ct);

        outcome.Results.Select(r => r.InstrumentId).ShouldBe([Sol.Id, Eth.Id, Xrp.Id, Btc.Id]);
        outcome.Results.Select(r => r.Rank).ShouldBe([1, 2, 3, 4]);
        for (var i = 1; i < outcome.Results.Count; i++)
        {
            outcome.Results[i].Score.ShouldBeLessThanOrEqualTo(outcome.Results[i - 1].Score);
        }
        foreach (var r in outcome.Results)
        {
            r.Score.ShouldBe(Math.Clamp(r.ScoreParts.Values.Sum(), -10, 10), 1e-12);
        }
        outcome.Results[1].Score.ShouldBe(outcome.Results[2].Score);
        scanner.LastScan.ShouldBeSameAs(outcome);
    }

    [Fact]
    public async Task InstrumentWithoutCandlesIsCountedButNotRanked()
    {
        var data = new FakeMarketData();
        data.Add(Btc, ScanningBuilder.Btc(40));
        data.Add(Eth, []);
        var scanner = new ScanningManager(data);

        var outcome = await scanner.ScanAsync(Preset, Ct);

        outcome.TotalScanned.ShouldBe(2);
        outcome.Results.Select(r => r.InstrumentId).ShouldBe([Btc.Id]);
    }

    [Fact]
    public async Task CorrelationWithBtcIsMeasuredFromTheBarsAfterTwentyOfThem()
    {
        var data = CorrelationMarket(60);
        var scanner = new ScanningManager(data);

        data.Visible = 19;
        await scanner.ScanAsync(Preset, Ct);
        var eth = (InstrumentMarket)scanner.GetMarket(Eth.Id)!;
        eth.IsBtcCorrelationReady.ShouldBeFalse();
        eth.BtcCorrelation.ShouldBe(0d);
        MarketScanner.Filter(eth, MarketScanner.Measure(eth), Preset)["correlation"].Passed.ShouldBeFalse();

        data.Visible = 20;
        await scanner.ScanAsync(Preset, Ct);

        eth.IsBtcCorrelationReady.ShouldBeTrue();
        scanner.GetMarket(Eth.Id)!.BtcCorrelation.ShouldBe(1d, 1e-6);
        scanner.GetMarket(Sol.Id)!.BtcCorrelation.ShouldBe(-1d, 1e-6);
        scanner.GetMarket(Xrp.Id)!.BtcCorrelation.ShouldBe(0d);
        scanner.GetMarket(Btc.Id)!.BtcCorrelation.ShouldBe(1d);
    }

    [Fact]
    public async Task CorrelationStaysRightWhenBarsArriveOneScanAtATime()
    {
        var data = CorrelationMarket(400);
        var scanner = new ScanningManager(data);

        for (var visible = 1; visible <= 400; visible++)
        {
            data.Visible = visible;
            var outcome = await scanner.ScanAsync(Preset, Ct);
            if (visible >= 20)
            {
                outcome.Results.Single(r => r.InstrumentId == Eth.Id).Metrics.BtcCorrelation.ShouldBe(1d, 1e-6, $"after {visible} bars");
                outcome.Results.Single(r => r.InstrumentId == Sol.Id).Metrics.BtcCorrelation.ShouldBe(-1d, 1e-6, $"after {visible} bars");
            }
        }
        scanner.GetMarket(Eth.Id)!.CandleCount.ShouldBe(400);
        scanner.LastBarTime.ShouldBe(ScanningBuilder.Start + (Candle.Interval * 400));
    }

    [Fact]
    public async Task BackfillLongerThanTheWindowStillPairsTheLastBarsWithBtc()
    {
        // The first scan receives 300 bars at once; the benchmark's window holds 150, so the newest pairs must line up.
        var data = CorrelationMarket(300);
        var scanner = new ScanningManager(data);

        await scanner.ScanAsync(Preset, Ct);

        scanner.GetMarket(Eth.Id)!.CandleCount.ShouldBe(300);
        scanner.GetMarket(Eth.Id)!.BtcCorrelation.ShouldBe(1d, 1e-6);
        scanner.GetMarket(Sol.Id)!.BtcCorrelation.ShouldBe(-1d, 1e-6);
    }

    [Fact]
    public async Task UsesTheConfiguredBenchmarkInsteadOfTheFirstBtcInstrument()
    {
        // ETH = 2·BTC + 5 and SOL = 1000 − 0.01·BTC, so against ETH: BTC +1, SOL −1.
        var scanner = new ScanningManager(CorrelationMarket(300), benchmarkInstrumentId: Eth.Id);

        var outcome = await scanner.ScanAsync(Preset, Ct);

        scanner.BenchmarkInstrumentId.ShouldBe(Eth.Id);
        outcome.Results.Single(r => r.InstrumentId == Eth.Id).Filters["correlation"].Reason.ShouldBe("the benchmark itself");
        outcome.Results.Single(r => r.InstrumentId == Btc.Id).Filters["correlation"].Reason.ShouldNotBe("the benchmark itself");
        scanner.GetMarket(Btc.Id)!.BtcCorrelation.ShouldBe(1d, 1e-6);
        scanner.GetMarket(Sol.Id)!.BtcCorrelation.ShouldBe(-1d, 1e-6);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("DOGE-USDT-SWAP")]
    public async Task WithoutAConfiguredBenchmarkInTheUniverseTheFirstBtcInstrumentIsTheBenchmark(string? configured)
    {
        var data = new FakeMarketData();
        data.Add(Eth, ScanningBuilder.Btc(40));
        data.Add(ScanningBuilder.Spot("BTC"), ScanningBuilder.Btc(40));
        data.Add(Btc, ScanningBuilder.Btc(40));
        var scanner = new ScanningManager(data, configured);

        await scanner.ScanAsync(Preset, Ct);

        scanner.BenchmarkInstrumentId.ShouldBe("BTC-USDT");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnotherPresetsLiquidityThresholdsApplyFromItsFirstScan(bool resultsOnDemand)
    {
        // The scanner keeps the last preset's thresholds converted to doubles; a preset with other thresholds (a reload,
        // another engine's) must be filtered with its own from its first scan, and the first one's again after it.
        var scanner = new ScanningManager(FourInstruments()) { ResultsOnDemand = resultsOnDemand };
        var first = (await scanner.ScanAsync(Preset, Ct)).Results.Single(r => r.InstrumentId == Eth.Id).Filters;
        var volume = first["min_24h_volume"].Value;
        var depth = first["min_depth_0_5pct"].Value;
        var stricter = Preset with
        {
            LiquidityFilters = Preset.LiquidityFilters with
            {
                Min24hVolumeUsd = (decimal)volume + 1,
                MinDepthUsd05Pct = (decimal)depth + 1,
            },
        };

        var strict = (await scanner.ScanAsync(stricter, Ct)).Results.Single(r => r.InstrumentId == Eth.Id).Filters;
        var again = (await scanner.ScanAsync(Preset, Ct)).Results.Single(r => r.InstrumentId == Eth.Id).Filters;

        strict["min_24h_volume"].Threshold.ShouldBe((double)((decimal)volume + 1));
        strict["min_24h_volume"].Passed.ShouldBeFalse();
        strict["min_depth_0_5pct"].Threshold.ShouldBe((double)((decimal)depth + 1));
        strict["min_depth_0_5pct"].Passed.ShouldBeFalse();
        again["min_24h_volume"].ShouldBe(first["min_24h_volume"]);
        again["min_depth_0_5pct"].ShouldBe(first["min_depth_0_5pct"]);
    }

    [Fact]
    public void InstrumentMarketWindowSlidesPastItsBuffer()
    {
        var market = new InstrumentMarket(Eth, isBenchmark: false);
        var candles = ScanningBuilder.FromCloses(Enumerable.Range(0, 1000).Select(i => 100d + (i % 37) + (i * 0.01)), volume: 1);
        var volumes = candles.Select((c, i) => c with { Volume = i + 1 }).ToList();

        for (var n = 1; n <= volumes.Count; n++)
        {
            market.Add(volumes[n - 1]).ShouldBeTrue();
            var w = market.Window;
            var expected = volumes.Take(n).TakeLast(InstrumentMarket.WindowSize).ToList();
            w.Count.ShouldBe(expected.Count, $"after {n} candles");
            w.Close[^1].ShouldBe((double)volumes[n - 1].Close, $"after {n} candles");
            w.Volume[0].ShouldBe((double)expected[0].Volume, $"after {n} candles");
        }

        var window = market.Window;
        var last150 = volumes.TakeLast(InstrumentMarket.WindowSize).ToList();
        window.Count.ShouldBe(InstrumentMarket.WindowSize);
        for (var i = 0; i < last150.Count; i++)
        {
            window.Open[i].ShouldBe((double)last150[i].Open);
            window.High[i].ShouldBe((double)last150[i].High);
            window.Low[i].ShouldBe((double)last150[i].Low);
            window.Close[i].ShouldBe((double)last150[i].Close);
            window.Volume[i].ShouldBe((double)last150[i].Volume);
            window.TimeTicks[i].ShouldBe(last150[i].Time.UtcTicks);
        }
        market.CandleCount.ShouldBe(1000);
        market.LastCandle.ShouldBe(volumes[^1]);
        market.Add(volumes[500]).ShouldBeFalse();
        market.CandleCount.ShouldBe(1000);
    }

    private static TradingPreset WithScanner(Func<ScannerConfig, ScannerConfig> change) =>
        Preset with { ScannerConfig = change(Preset.ScannerConfig) };

    private static FakeMarketData FourInstruments()
    {
        var data = new FakeMarketData();
        foreach (var i in new[] { Btc, Eth, Sol, Xrp })
        {
            data.Add(i, ScanningBuilder.Btc(40));
        }
        return data;
    }

    /// <summary>BTC, ETH = 2·BTC + 5, SOL = 1000 − 0.01·BTC and XRP flat.</summary>
    private static FakeMarketData CorrelationMarket(int bars)
    {
        var closes = Enumerable.Range(0, bars).Select(ScanningBuilder.BtcClose).ToList();
        var data = new FakeMarketData();
        data.Add(Btc, ScanningBuilder.FromCloses(closes));
        data.Add(Eth, ScanningBuilder.FromCloses(closes.Select(c => (2 * c) + 5)));
        data.Add(Sol, ScanningBuilder.FromCloses(closes.Select(c => 1000 - (0.01 * c))));
        data.Add(Xrp, ScanningBuilder.FromCloses(closes.Select(_ => 0.5)));
        return data;
    }

    /// <summary>Serves stored candles up to <see cref="Visible"/> bars, with a fixed book and trade rate per instrument.</summary>
    private sealed class FakeMarketData : IMarketDataProvider
    {
        private readonly List<Instrument> _instruments = [];
        private readonly Dictionary<string, (List<Candle> Candles, double Tpm)> _series = new(StringComparer.Ordinal);

        public int Visible { get; set; } = int.MaxValue;

        public List<string> Requests { get; } = [];

        public void Add(Instrument instrument, List<Candle> candles, double tradesPerMinute = 10)
        {
            _instruments.Add(instrument);
            _series[instrument.Id] = (candles, tradesPerMinute);
        }

        public ValueTask<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<Instrument>>(_instruments.ToList());

        public ValueTask<MarketSnapshot?> GetSnapshotAsync(string instrumentId, DateTimeOffset? candlesAfter, int maxCandles, CancellationToken cancellationToken = default)
        {
            Requests.Add(instrumentId);
            if (!_series.TryGetValue(instrumentId, out var s))
            {
                return ValueTask.FromResult<MarketSnapshot?>(null);
            }
            var instrument = _instruments.Single(i => i.Id == instrumentId);
            var visible = s.Candles.Take(Visible).ToList();
            var fresh = visible.Where(c => candlesAfter is null || c.Time > candlesAfter).ToList();
            if (fresh.Count > maxCandles)
            {
                fresh = fresh.Skip(fresh.Count - maxCandles).ToList();
            }
            if (visible.Count == 0)
            {
                return ValueTask.FromResult<MarketSnapshot?>(new MarketSnapshot(instrument, fresh, null, null, null, null, null));
            }
            var last = visible[^1].Close;
            var book = new OrderBookSummary(last * 0.9999m, last * 1.0001m, 20_000m, 20_000m, 30_000m, 30_000m, 0);
            return ValueTask.FromResult<MarketSnapshot?>(new MarketSnapshot(instrument, fresh, null, book, null, null, s.Tpm));
        }
    }
}
