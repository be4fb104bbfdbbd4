using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>
/// Live open interest over the fake OKX: read for all swaps in one call, carried into snapshots in USD, checked by the
/// scanner's min_oi and oi_delta, and not available (never passed) when a read fails.
/// </summary>
public sealed class OkxOpenInterestProviderTests : IAsyncLifetime
{
    private const string Btc = "BTC-USDT-SWAP";
    private const string Eth = "ETH-USDT-SWAP";
    private const string OpenInterestPath = "/api/v5/public/open-interest";

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset LastClosedOpen = new(2026, 3, 2, 9, 55, 0, TimeSpan.Zero);
    private static readonly TradingPreset BreakoutV1 = PresetCatalog.Get("breakout_v1"); // min_oi_usd 2M, oi_delta_threshold 0.018

    private readonly FakeTimeProvider _clock = new(Start);
    private FakeOkxMarketRig _rig = null!;
    private FakeOkxServer _okx = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // A short rate-limit window: the test reads open interest hundreds of times within seconds.
        _rig = await FakeOkxMarketRig.StartAsync(_clock, o => o.RateLimitWindow = TimeSpan.FromMilliseconds(20));
        _okx = _rig.Server;
        _okx.SetPrice(Btc, 50_000m);
        _okx.SetPrice(Eth, 3_000m);
        foreach (var (id, price) in new[] { (Btc, 50_000m), (Eth, 3_000m) })
        {
            _okx.AddCandles(id, "5m", Enumerable.Range(0, 40).Select(i =>
                new FakeOkxCandle(LastClosedOpen - ((39 - i) * Candle.Interval), price + i, price + i + 2, price + i - 1, price + i + 1, 10m + i)));
        }
        // BTC: 10,000 contracts of 0.01 BTC at 50,000 = 5M USD. ETH: 5,000 contracts of 0.1 ETH at 3,000 = 1.5M USD.
        _okx.SetOpenInterest(Btc, 10_000m);
        _okx.SetOpenInterest(Eth, 5_000m);
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task OneCallReadsEverySwapAndSnapshotsCarryTheUsdFigureWithOkxsTime()
    {
        using var provider = Provider();

        await provider.InitializeAsync(Ct);
        var btc = (await provider.GetSnapshotAsync(Btc, null, 300, Ct))!;

        var reads = _okx.Requests.Where(r => r.Path == OpenInterestPath).ToList();
        reads.ShouldHaveSingleItem().PathAndQuery.ShouldBe(OpenInterestPath + "?instType=SWAP");
        btc.OpenInterestUsd.ShouldBe(5_000_000m);
        btc.OpenInterestTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(Start.ToUnixTimeMilliseconds()));
        (await provider.GetSnapshotAsync(Eth, null, 300, Ct))!.OpenInterestUsd.ShouldBe(1_500_000m);
    }

    [Fact]
    public async Task MinOiRejectsTheLowOpenInterestSwapAndPassesTheHighOneInALiveScan()
    {
        using var provider = Provider();
        await provider.InitializeAsync(Ct);
        var scanning = new ScanningManager(provider, provider.BenchmarkInstrumentId);

        var scan = await scanning.ScanAsync(BreakoutV1, Ct);

        var btc = scan.Results.Single(r => r.InstrumentId == Btc);
        var eth = scan.Results.Single(r => r.InstrumentId == Eth);
        btc.Filters["min_oi"].Passed.ShouldBeTrue();
        btc.Filters["min_oi"].Value.ShouldBe(5_000_000d);
        eth.Filters["min_oi"].Failed.ShouldBeTrue();
        eth.Filters["min_oi"].Value.ShouldBe(1_500_000d);
        eth.PassedAllFilters.ShouldBeFalse();
        // Checked, so not listed as not checked; the 24 h change needs a day of reads first.
        scan.NotCheckedNames.ShouldNotContain("min_oi");
        btc.NotCheckedNames.ShouldContain("oi_delta");
    }

    [Fact]
    public async Task AFailedReadMakesOpenInterestNotAvailableForThatScanNeverPassed()
    {
        using var provider = Provider();
        await provider.InitializeAsync(Ct);
        var scanning = new ScanningManager(provider, provider.BenchmarkInstrumentId);
        _okx.Faults.Enqueue(OpenInterestPath, FakeOkxFault.Http500);

        (await provider.RefreshOpenInterestAsync(Ct)).ShouldBeFalse();
        var failed = await scanning.ScanAsync(BreakoutV1, Ct);
        (await provider.RefreshOpenInterestAsync(Ct)).ShouldBeTrue();
        var recovered = await scanning.ScanAsync(BreakoutV1, Ct);

        provider.Summary.LastError.ShouldNotBeNull().ShouldContain("loading open interest");
        foreach (var result in failed.Results)
        {
            result.Filters["min_oi"].Passed.ShouldBeFalse();
            result.Filters["min_oi"].Failed.ShouldBeFalse();
            result.NotCheckedNames.ShouldContain("min_oi");
        }
        recovered.Results.Single(r => r.InstrumentId == Eth).Filters["min_oi"].Failed.ShouldBeTrue();
        recovered.NotCheckedNames.ShouldNotContain("min_oi");
    }

    [Fact]
    public async Task TheBackgroundPassReadsOpenInterestOnlyWhenItsIntervalHasPassed()
    {
        using var provider = Provider(o => o.OpenInterestRefreshInterval = TimeSpan.FromSeconds(60));
        await provider.InitializeAsync(Ct);

        _clock.Advance(TimeSpan.FromSeconds(30));
        await provider.RunOnceAsync(Ct);
        var afterHalfInterval = OpenInterestReads();
        _okx.SetOpenInterest(Btc, 12_000m);
        _clock.Advance(TimeSpan.FromSeconds(31));
        await provider.RunOnceAsync(Ct);

        afterHalfInterval.ShouldBe(1);
        OpenInterestReads().ShouldBe(2);
        provider.LastOpenInterestRead.ShouldBe(Start.AddSeconds(61));
        (await provider.GetSnapshotAsync(Btc, null, 300, Ct))!.OpenInterestUsd.ShouldBe(6_000_000m);
    }

    [Fact]
    public async Task OpenInterestOlderThanItsMaxAgeIsWithheld()
    {
        using var provider = Provider(o => o.OpenInterestMaxAge = TimeSpan.FromMinutes(2));
        await provider.InitializeAsync(Ct);

        _clock.Advance(TimeSpan.FromMinutes(3));

        var snapshot = (await provider.GetSnapshotAsync(Btc, null, 300, Ct))!;
        snapshot.OpenInterestUsd.ShouldBeNull();
        snapshot.OpenInterestTime.ShouldBeNull();
    }

    [Fact]
    public async Task TheOiDeltaIsComputedAcrossScansOnceADayOfReadsIsHeld()
    {
        using var provider = Provider(o => o.FetchBooks = false);
        await provider.InitializeAsync(Ct);
        var scanning = new ScanningManager(provider, provider.BenchmarkInstrumentId);
        await scanning.ScanAsync(BreakoutV1, Ct);

        // Every 5 minutes for a day the background loop reads open interest again; BTC's grows to 10,300 contracts (+3 %),
        // ETH's to 5,050 (+1 %). Position refreshes apply each read to the scanner's markets between scans.
        for (var step = 1; step <= 288; step++)
        {
            _clock.Advance(Candle.Interval);
            _okx.SetOpenInterest(Btc, 10_000m + (300m * step / 288));
            _okx.SetOpenInterest(Eth, 5_000m + (50m * step / 288));
            (await provider.RefreshOpenInterestAsync(Ct)).ShouldBeTrue();
            await scanning.RefreshAsync([Btc, Eth], BreakoutV1, Ct);
        }
        var scan = await scanning.ScanAsync(BreakoutV1, Ct);

        var btc = scan.Results.Single(r => r.InstrumentId == Btc);
        var eth = scan.Results.Single(r => r.InstrumentId == Eth);
        btc.Metrics.OpenInterestChange24h.ShouldNotBeNull().ShouldBe(0.03, 1e-9);
        btc.Filters["oi_delta"].Passed.ShouldBeTrue();
        eth.Filters["oi_delta"].Failed.ShouldBeTrue();
        eth.Filters["oi_delta"].Value.ShouldBe(0.01, 1e-9);
        btc.ScoreParts.ContainsKey("oi_delta").ShouldBeTrue();
        scan.NotCheckedNames.ShouldNotContain("oi_delta");
        _okx.Requests.Count(r => r.Path == OpenInterestPath).ShouldBe(289);
    }

    private int OpenInterestReads() => _okx.Requests.Count(r => r.Path == OpenInterestPath);

    private OkxMarketDataProvider Provider(Action<OkxMarketDataOptions>? configure = null) => _rig.Provider(configure);
}
