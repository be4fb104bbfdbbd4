using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Tests.Infrastructure.MarketData;

/// <summary>
/// A replay's provider answers at once, so from its second scan the scanner scans it with a plain call (no asynchronous
/// step); any other provider is scanned through snapshots. Both must see the same market, bar after bar.
/// </summary>
public class ReplayScanPathTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScanningAReplayDirectlyGivesWhatItsSnapshotsGive()
    {
        var set = MarketGenerator.Generate(new MarketGeneratorOptions { Seed = 11, InstrumentCount = 6, BarsPerInstrument = 700 });
        var first = set.Candles.Values.Min(c => c[0].Time);
        var clock = new ReplayClock(first + (Candle.Interval * 320));
        var provider = new ReplayMarketDataProvider(set.Instruments, set.Candles, clock);
        // The black list drops one instrument; the benchmark (the first, BTC-like instrument) is scanned like the others and
        // brought up to date first.
        var ids = set.Instruments.Select(i => i.Id).ToArray();
        var baseline = PresetCatalog.Get("breakout_v1");
        var preset = baseline with { ScannerConfig = baseline.ScannerConfig with { SymbolBlacklist = [ids[3]] } };
        var direct = new ScanningManager(provider);
        var viaSnapshots = new ScanningManager(new SnapshotsOnly(provider));

        var compared = 0;
        var passed = 0;
        for (var bar = 0; bar < 300; bar++)
        {
            var a = await direct.ScanAsync(preset, Ct);
            var b = await viaSnapshots.ScanAsync(preset, Ct);

            a.Time.ShouldBe(b.Time);
            a.TotalScanned.ShouldBe(6);
            b.TotalScanned.ShouldBe(6);
            a.PassedFilters.ShouldBe(b.PassedFilters);
            a.NotChecked.ShouldBe(b.NotChecked);
            a.Results.Select(r => r.InstrumentId).ShouldBe(b.Results.Select(r => r.InstrumentId));
            a.Results.Select(r => r.InstrumentId).ShouldContain(ids[0]);
            a.Results.Select(r => r.InstrumentId).ShouldNotContain(ids[3]);
            for (var i = 0; i < a.Results.Count; i++)
            {
                var (x, y) = (a.Results[i], b.Results[i]);
                x.Score.ShouldBe(y.Score);
                x.PassedAllFilters.ShouldBe(y.PassedAllFilters);
                foreach (var (name, filter) in x.Filters)
                {
                    filter.ShouldBe(y.Filters[name], $"bar {bar}, {x.InstrumentId}, filter {name}");
                }
                direct.GetMarket(x.InstrumentId)!.BtcCorrelation.ShouldBe(viaSnapshots.GetMarket(x.InstrumentId)!.BtcCorrelation);
            }
            compared += a.Results.Count;
            passed += a.PassedFilters;
            clock.Advance(Candle.Interval);
        }

        compared.ShouldBe(300 * 5);
        passed.ShouldBeGreaterThan(0, "some bars must pass the filters, or the comparison says little");
    }

    /// <summary>The replay's provider seen only as a market-data port: scanned through snapshots.</summary>
    private sealed class SnapshotsOnly(IMarketDataProvider inner) : IMarketDataProvider
    {
        public ValueTask<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken cancellationToken = default) =>
            inner.GetInstrumentsAsync(cancellationToken);

        public ValueTask<MarketSnapshot?> GetSnapshotAsync(string instrumentId, DateTimeOffset? candlesAfter, int maxCandles, CancellationToken cancellationToken = default) =>
            inner.GetSnapshotAsync(instrumentId, candlesAfter, maxCandles, cancellationToken);
    }
}
