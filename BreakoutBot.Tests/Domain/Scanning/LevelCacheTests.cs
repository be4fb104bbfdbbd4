using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Tests.Domain.Scanning;

/// <summary>Levels are detected once per bar: a live engine cycling within a bar reuses them, a new bar recomputes them.</summary>
public class LevelCacheTests
{
    [Fact]
    public async Task LevelsAreDetectedOncePerBarAndAgainWhenTheNextBarCloses()
    {
        var ct = TestContext.Current.CancellationToken;
        var preset = PresetCatalog.Get("breakout_v1");
        var set = MarketGenerator.Generate(new MarketGeneratorOptions { Seed = 7, InstrumentCount = 30, BarsPerInstrument = InstrumentMarket.WindowSize + 400 });
        var first = set.Candles.Values.Min(c => c[0].Time);
        var clock = new ReplayClock(first + (Candle.Interval * InstrumentMarket.WindowSize));
        var scanner = new ScanningManager(new ReplayMarketDataProvider(set.Instruments, set.Candles, clock));

        IReadOnlyList<ScanResult> candidates = [];
        for (var bar = 0; bar < 400 && candidates.Count == 0; bar++)
        {
            clock.Advance(Candle.Interval);
            candidates = scanner.BuildLevels(await scanner.ScanAsync(preset, ct), preset);
        }
        candidates.ShouldNotBeEmpty("the generated market must give at least one candidate with levels in 400 bars");

        // A second cycle within the same bar: the same levels, not detected again.
        var again = scanner.BuildLevels(await scanner.ScanAsync(preset, ct), preset);
        var id = candidates[0].InstrumentId;
        ReferenceEquals(again.Single(c => c.InstrumentId == id).Levels, candidates[0].Levels).ShouldBeTrue();

        // The next bar closes: the levels are detected again from the new window.
        clock.Advance(Candle.Interval);
        var next = scanner.BuildLevels(await scanner.ScanAsync(preset, ct), preset);
        if (next.FirstOrDefault(c => c.InstrumentId == id) is { } later)
        {
            ReferenceEquals(later.Levels, candidates[0].Levels).ShouldBeFalse();
        }
    }
}
