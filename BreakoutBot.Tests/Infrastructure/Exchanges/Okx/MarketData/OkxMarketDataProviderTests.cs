using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.MarketData;

public sealed class OkxMarketDataProviderTests : IAsyncLifetime
{
    private const string Btc = "BTC-USDT-SWAP";
    private const string Eth = "ETH-USDT-SWAP";
    private const string Books = "/api/v5/market/books";
    private const string Candles = "/api/v5/market/candles";

    // 30 s into the 10:00 bar: the last closed bar opened at 09:55.
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset LastClosedOpen = new(2026, 3, 2, 9, 55, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FormingOpen = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private FakeOkxMarketRig _rig = null!;
    private FakeOkxServer _okx = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _rig = await FakeOkxMarketRig.StartAsync(_clock);
        _okx = _rig.Server;
        _okx.SetPrice(Btc, 50_000m);
        _okx.SetPrice(Eth, 3_000m);
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task SelectsOnlyLiveUsdtLinearSwapsUnlessSpotIsAsked()
    {
        _okx.AddInstrument(new FakeOkxInstrument("SWAP", "SOL-USDT-SWAP", 0.01m, 0.01m, 0.01m, 1m, State: "suspend"));
        _okx.AddInstrument(new FakeOkxInstrument("SWAP", "BTC-USD-SWAP", 0.1m, 1m, 1m, 0.01m));
        _okx.AddInstrument(FakeOkxInstrument.BtcUsdtSpot);
        _okx.AddInstrument(new FakeOkxInstrument("SPOT", "ETH-BTC", 0.00001m, 0.0001m, 0.001m));

        using var swapsOnly = Provider();
        using var withSpot = Provider(o => o.IncludeSpot = true);

        (await swapsOnly.GetInstrumentsAsync(Ct)).Select(i => i.Id).ShouldBe([Btc, Eth]);
        var mixed = await withSpot.GetInstrumentsAsync(Ct);
        mixed.Select(i => i.Id).ShouldBe(["BTC-USDT", Btc, Eth]);
        mixed[0].Kind.ShouldBe(InstrumentKind.Spot);
        mixed[1].ContractValue.ShouldBe(0.01m);
        mixed[2].TickSize.ShouldBe(0.01m);
    }

    [Fact]
    public async Task KeepsTheTopInstrumentsByQuoteVolumePlusTheBenchmarkOrOnlyTheAllowList()
    {
        _okx.AddInstrument(new FakeOkxInstrument("SWAP", "SOL-USDT-SWAP", 0.01m, 0.01m, 0.01m, 1m));
        _okx.AddInstrument(new FakeOkxInstrument("SWAP", "DOGE-USDT-SWAP", 0.00001m, 1m, 1m, 1000m));
        _okx.SetPrice("SOL-USDT-SWAP", 100m);
        _okx.SetPrice("DOGE-USDT-SWAP", 0.1m);
        _okx.SetVolume24h(Btc, 10m);                    // 0.5 M USDT
        _okx.SetVolume24h(Eth, 1_000m);                 // 3 M USDT
        _okx.SetVolume24h("SOL-USDT-SWAP", 100_000m);   // 10 M USDT
        _okx.SetVolume24h("DOGE-USDT-SWAP", 1_000_000m); // 0.1 M USDT

        using var topTwo = Provider(o => o.MaxInstruments = 2);
        using var allowed = Provider(o =>
        {
            o.AllowList = ["DOGE-USDT-SWAP", Eth, "XRP-USDT-SWAP"];
            o.BenchmarkInstrumentId = string.Empty;
        });

        (await topTwo.GetInstrumentsAsync(Ct)).Select(i => i.Id).ShouldBe([Btc, Eth, "SOL-USDT-SWAP"]);
        (await allowed.GetInstrumentsAsync(Ct)).Select(i => i.Id).ShouldBe(["DOGE-USDT-SWAP", Eth]);
    }

    [Fact]
    public async Task TheConfiguredBenchmarkIsInTheUniverseOutsideTheTopNAndTheScannerCorrelatesWithIt()
    {
        _okx.AddInstrument(new FakeOkxInstrument("SWAP", "SOL-USDT-SWAP", 0.01m, 0.01m, 0.01m, 1m));
        _okx.SetPrice("SOL-USDT-SWAP", 100m);
        _okx.SetVolume24h(Btc, 1_000m);               // 50 M USDT: the top one
        _okx.SetVolume24h("SOL-USDT-SWAP", 100_000m); // 10 M USDT
        _okx.SetVolume24h(Eth, 10m);                  // 0.03 M USDT: last by volume
        foreach (var (id, price) in new[] { (Btc, 50_000m), (Eth, 3_000m), ("SOL-USDT-SWAP", 100m) })
        {
            _okx.AddCandles(id, "5m", Bars(40, price));
        }
        using var provider = Provider(o =>
        {
            o.MaxInstruments = 1;
            o.BenchmarkInstrumentId = Eth;
        });

        (await provider.GetInstrumentsAsync(Ct)).Select(i => i.Id).ShouldBe([Btc, Eth]);
        var scanning = new ScanningManager(provider, provider.BenchmarkInstrumentId);
        var scan = await scanning.ScanAsync(PresetCatalog.Get("breakout_v1"), Ct);

        provider.BenchmarkInstrumentId.ShouldBe(Eth);
        scanning.BenchmarkInstrumentId.ShouldBe(Eth);
        scan.Results.Single(r => r.InstrumentId == Eth).Filters["correlation"].Reason.ShouldBe("the benchmark itself");
        scan.Results.Single(r => r.InstrumentId == Btc).Filters["correlation"].Reason.ShouldNotBe("the benchmark itself");
    }

    [Fact]
    public async Task BackfillsClosedBarsOldestFirstWithVolumeInCoins()
    {
        _okx.AddCandles(Btc, "5m", Bars(40, 50_000m).Append(Forming(50_100m)));
        using var provider = Provider();

        (await provider.InitializeAsync(Ct)).ShouldBeTrue();
        var snapshot = (await provider.GetSnapshotAsync(Btc, null, 300, Ct))!;

        snapshot.NewCandles.Count.ShouldBe(40);
        snapshot.NewCandles[0].Time.ShouldBe(LastClosedOpen - (39 * Candle.Interval));
        snapshot.NewCandles[^1].Time.ShouldBe(LastClosedOpen);
        snapshot.NewCandles.Zip(snapshot.NewCandles.Skip(1)).ShouldAllBe(pair => pair.Second.Time - pair.First.Time == Candle.Interval);
        // Bar 39: open 50,039, high 50,040.5, low 50,038, close 50,039.5, 49 contracts of 0.01 BTC.
        snapshot.NewCandles[^1].ShouldBe(new Candle(LastClosedOpen, 50_039m, 50_040.5m, 50_038m, 50_039.5m, 0.49m));
    }

    [Fact]
    public async Task BackfillPagesIntoHistoryWhenTheFirstPageIsNotEnough()
    {
        _okx.AddCandles(Btc, "5m", Bars(420, 50_000m).Append(Forming(50_500m)));
        using var provider = Provider(o => o.BackfillBars = 350);

        await provider.InitializeAsync(Ct);
        var bars = (await provider.GetSnapshotAsync(Btc, null, 1_000, Ct))!.NewCandles;

        bars.Count.ShouldBe(350);
        bars[^1].Time.ShouldBe(LastClosedOpen);
        bars[0].Time.ShouldBe(LastClosedOpen - (349 * Candle.Interval));
        bars.Select(b => b.Time).Distinct().Count().ShouldBe(350);
        _okx.Requests.ShouldContain(r => r.Path == "/api/v5/market/history-candles" && r.PathAndQuery.Contains("instId=BTC-USDT-SWAP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PollingAppendsEachNewConfirmedBarOnceAndOnlyWhenItIsDue()
    {
        _okx.AddCandles(Btc, "5m", Bars(30, 50_000m).Append(Forming(50_100m)));
        using var provider = Provider();
        await provider.InitializeAsync(Ct);
        var cursor = (await provider.GetSnapshotAsync(Btc, null, 300, Ct))!.NewCandles[^1].Time;

        // The 10:00 bar is still forming at 10:04: nothing is due for BTC, so BTC is not asked for.
        _clock.SetUtcNow(FormingOpen.AddMinutes(4));
        var before = CandleRequests(Btc);
        (await provider.PollCandlesAsync(Ct)).ShouldBe(0);
        CandleRequests(Btc).ShouldBe(before);

        // At 10:05:02 the 10:00 bar has closed but OKX still shows it forming: polled, nothing appended.
        _clock.SetUtcNow(FormingOpen.AddMinutes(5).AddSeconds(2));
        _okx.AddCandles(Btc, "5m", [Forming(50_100m) with { Time = FormingOpen.AddMinutes(5) }]);
        (await provider.PollCandlesAsync(Ct)).ShouldBe(0);
        CandleRequests(Btc).ShouldBe(before + 1);

        // Confirmed: appended exactly once, however often it is polled or pushed again.
        var closed = new FakeOkxCandle(FormingOpen, 50_030m, 50_120m, 50_010m, 50_100m, 70m);
        _okx.AddCandles(Btc, "5m", [closed]);
        (await provider.PollCandlesAsync(Ct)).ShouldBe(1);
        (await provider.PollCandlesAsync(Ct)).ShouldBe(0);
        provider.OnCandle(Btc, Row(FormingOpen, 50_100m, confirmed: true)).ShouldBeFalse();

        var fresh = (await provider.GetSnapshotAsync(Btc, cursor, 300, Ct))!.NewCandles;
        fresh.ShouldBe([new Candle(FormingOpen, 50_030m, 50_120m, 50_010m, 50_100m, 0.7m)]);
        (await provider.GetSnapshotAsync(Btc, fresh[0].Time, 300, Ct))!.NewCandles.ShouldBeEmpty();
    }

    [Fact]
    public async Task PushedCandlesAreTakenOnlyWhenConfirmedAndNewer()
    {
        _okx.AddCandles(Btc, "5m", Bars(30, 50_000m));
        using var provider = Provider();
        await provider.InitializeAsync(Ct);

        provider.OnCandle(Btc, Row(FormingOpen, 50_100m, confirmed: false)).ShouldBeFalse();
        provider.OnCandle(Btc, Row(FormingOpen, 50_100m, confirmed: true)).ShouldBeTrue();
        provider.OnCandle(Btc, Row(FormingOpen, 50_200m, confirmed: true)).ShouldBeFalse();
        provider.OnCandle(Btc, Row(LastClosedOpen - Candle.Interval, 49_000m, confirmed: true)).ShouldBeFalse();
        provider.OnCandle("XRP-USDT-SWAP", Row(FormingOpen, 1m, confirmed: true)).ShouldBeFalse();

        var bars = (await provider.GetSnapshotAsync(Btc, LastClosedOpen, 300, Ct))!.NewCandles;
        bars.Select(b => (b.Time, b.Close)).ShouldBe([(FormingOpen, 50_100m)]);
    }

    [Fact]
    public async Task MapsTickersAndBooksAndReusesABookWithinItsTtl()
    {
        _okx.SetVolume24h(Btc, 12m);
        _okx.AddCandles(Btc, "5m", Bars(30, 50_000m));
        using var provider = Provider(o => o.BookTtl = TimeSpan.FromSeconds(15));
        await provider.InitializeAsync(Ct);

        var snapshot = (await provider.GetSnapshotAsync(Btc, null, 300, Ct))!;
        (await provider.GetSnapshotAsync(Btc, null, 300, Ct))!.OrderBook.ShouldBe(snapshot.OrderBook);
        var requestsWithinTtl = _okx.Requests.Count(r => r.Path == Books);
        _clock.Advance(TimeSpan.FromSeconds(16));
        await provider.GetSnapshotAsync(Btc, null, 300, Ct);

        snapshot.Ticker.ShouldBe(new Ticker(Btc, 50_000m, 49_999.9m, 50_000.1m, 600_000m, Start));
        var book = snapshot.OrderBook!.Value;
        book.BestBid.ShouldBe(49_999.9m);
        book.BestAsk.ShouldBe(50_000.1m);
        // Fifty levels a side (the default), one tick apart, 100 contracts of 0.01 BTC each: all within 0.3 %.
        var bidDepth = Enumerable.Range(1, 50).Sum(level => (50_000m - (level * 0.1m)) * 1m);
        var askDepth = Enumerable.Range(1, 50).Sum(level => (50_000m + (level * 0.1m)) * 1m);
        book.BidDepth03.ShouldBe(bidDepth);
        book.BidDepth05.ShouldBe(bidDepth);
        book.AskDepth05.ShouldBe(askDepth);
        book.Imbalance.ShouldBe(0d);
        requestsWithinTtl.ShouldBe(1);
        _okx.Requests.Count(r => r.Path == Books).ShouldBe(2);
        _okx.Requests.Last(r => r.Path == Books).PathAndQuery.ShouldContain("sz=50", Case.Sensitive, "the original bot's 50 levels a side");
    }

    [Fact]
    public async Task AStaleInstrumentFailsTheScannersDataHealthButKeepsGettingItsBars()
    {
        _okx.AddCandles(Btc, "5m", Bars(60, 50_000m));
        _okx.AddCandles(Eth, "5m", Bars(60, 3_000m));
        using var provider = Provider();
        await provider.InitializeAsync(Ct);

        // 15 minutes later BTC has three new bars, ETH none.
        _clock.SetUtcNow(Start.AddMinutes(15));
        _okx.AddCandles(Btc, "5m", Enumerable.Range(1, 3).Select(i => new FakeOkxCandle(LastClosedOpen + (i * Candle.Interval), 50_060m, 50_061m, 50_059m, 50_060m, 80m)));
        await provider.RunOnceAsync(Ct);

        provider.IsStale(Btc).ShouldBeFalse();
        provider.IsStale(Eth).ShouldBeTrue();
        provider.GetFreshness(Eth)!.Reason.ShouldBe("last closed bar opened 20.5 min ago (2026-03-02 09:55 UTC)");
        provider.Summary.Instruments.ShouldBe(2);
        provider.Summary.StaleInstruments.ShouldBe(1);

        var scanning = new ScanningManager(provider);
        var scan = await scanning.ScanAsync(PresetCatalog.Get("breakout_v1"), Ct);
        var eth = scan.Results.Single(r => r.InstrumentId == Eth);
        var btc = scan.Results.Single(r => r.InstrumentId == Btc);
        eth.Filters["data_health"].Passed.ShouldBeFalse();
        eth.Filters["data_health"].Reason.ShouldBe("stale market data");
        eth.PassedAllFilters.ShouldBeFalse();
        btc.Filters["data_health"].Passed.ShouldBeTrue();

        // A late ETH bar (still too old to make ETH fresh) reaches the open-position refresh all the same.
        provider.OnCandle(Eth, Row(FormingOpen, 3_010m, confirmed: true)).ShouldBeTrue();
        await scanning.RefreshAsync([Eth], PresetCatalog.Get("breakout_v1"), Ct);

        provider.IsStale(Eth).ShouldBeTrue();
        scanning.GetMarket(Eth)!.LastCandle!.Value.Time.ShouldBe(FormingOpen);
        scanning.GetMarket(Eth)!.Ticker!.Last.ShouldBe(3_000m);
    }

    [Fact]
    public async Task AnOldTickerMakesAnInstrumentStaleUntilTickersAreFetchedAgain()
    {
        _okx.AddCandles(Btc, "5m", Bars(30, 50_000m));
        using var provider = Provider(o => o.TickerMaxAge = TimeSpan.FromSeconds(30));
        await provider.InitializeAsync(Ct);
        provider.IsStale(Btc).ShouldBeFalse();

        _clock.Advance(TimeSpan.FromSeconds(31));
        var stale = provider.GetFreshness(Btc)!;
        (await provider.RefreshTickersAsync(Ct)).ShouldBeTrue();

        stale.IsStale.ShouldBeTrue();
        stale.Reason.ShouldBe("ticker is 31 s old");
        provider.IsStale(Btc).ShouldBeFalse();
        (await provider.GetSnapshotAsync(Btc, null, 300, Ct))!.TradesPerMinute.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task RecordsTheLastErrorForTheDashboardWithoutThrowing()
    {
        using var provider = Provider();
        await provider.InitializeAsync(Ct);
        _okx.Faults.Enqueue("/api/v5/market/tickers", FakeOkxFault.Http500);

        (await provider.RefreshTickersAsync(Ct)).ShouldBeFalse();

        var summary = provider.Summary;
        summary.LastError.ShouldNotBeNull().ShouldContain("loading tickers");
        summary.LastError.ShouldContain("50026");
        summary.LastErrorAt.ShouldBe(Start);
        summary.LastUniverseRefresh.ShouldBe(Start);
    }

    [Fact]
    public async Task ThrowsFromGetInstrumentsWhenTheUniverseCannotBeLoaded()
    {
        using var provider = Provider();
        _okx.Faults.Enqueue("/api/v5/public/instruments", FakeOkxFault.Http500);

        var error = await Should.ThrowAsync<InvalidOperationException>(async () => await provider.GetInstrumentsAsync(Ct));

        error.Message.ShouldContain("50026");
        provider.IsInitialized.ShouldBeFalse();
        (await provider.GetInstrumentsAsync(Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task TheBackgroundLoopLoadsPollsAsTheClockMovesAndStopsWhenCancelled()
    {
        _okx.AddCandles(Btc, "5m", Bars(30, 50_000m).Append(Forming(50_100m)));
        using var provider = Provider();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var loop = provider.RunAsync(stop.Token);
        await WaitUntilAsync(() => provider.IsInitialized);
        _okx.AddCandles(Btc, "5m", [new FakeOkxCandle(FormingOpen, 50_030m, 50_120m, 50_010m, 50_100m, 70m)]);
        _clock.SetUtcNow(FormingOpen + Candle.Interval);
        await WaitUntilAsync(() =>
        {
            // Each step lets the loop's pause (on the fake clock) end, whenever the loop reaches it.
            _clock.Advance(TimeSpan.FromSeconds(10));
            return provider.GetFreshness(Btc)!.LastClosedBar == FormingOpen;
        });
        // The bar may come from a poll that started before the clock moved (the fake OKX confirms it by the clock at the
        // reply), so the loop is checked to go on polling on the moved clock, stamping each poll with its start.
        await WaitUntilAsync(() =>
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            return provider.Summary.LastCandlePoll >= FormingOpen + Candle.Interval;
        });
        await stop.CancelAsync();

        await loop.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        loop.IsCompletedSuccessfully.ShouldBeTrue();
        provider.Summary.LastCandlePoll.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(_clock.GetUtcNow());
    }

    private static Task WaitUntilAsync(Func<bool> condition) =>
        Eventually.WaitUntilAsync(condition, "the condition", TimeSpan.FromSeconds(5));

    private OkxMarketDataProvider Provider(Action<OkxMarketDataOptions>? configure = null) => _rig.Provider(configure);

    private int CandleRequests(string instId) =>
        _okx.Requests.Count(r => r.Path == Candles && r.PathAndQuery.Contains("instId=" + instId, StringComparison.Ordinal));

    /// <summary>Closed bars ending with the one that opened at 09:55; bar i opens at base+i, closes half a unit higher, volume 10+i contracts.</summary>
    private static IEnumerable<FakeOkxCandle> Bars(int count, decimal basePrice) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var open = basePrice + i;
            var close = open + 0.5m;
            return new FakeOkxCandle(LastClosedOpen - ((count - 1 - i) * Candle.Interval), open, close + 1m, open - 1m, close, 10m + i);
        });

    private static FakeOkxCandle Forming(decimal price) => new(FormingOpen, price, price, price, price, 1m, Confirmed: false);

    private static OkxCandle Row(DateTimeOffset time, decimal price, bool confirmed) =>
        new(time, price, price, price, price, 10m, 0.1m, price * 0.1m, confirmed);
}
