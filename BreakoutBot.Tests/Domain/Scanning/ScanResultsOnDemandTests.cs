using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Domain.Scanning;

/// <summary>
/// A scanner that builds its results on demand (ADR-010, "Thirteenth round") measures into objects its markets keep: it
/// must give every figure, verdict, score and rank a scanner building them at once gives, never change a result it
/// handed out, and refuse to build a scan's results once a later scan replaced them.
/// </summary>
public class ScanResultsOnDemandTests
{
    private static readonly TradingPreset Preset = PresetCatalog.Get("breakout_v1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("breakout_v1", true, true)]
    [InlineData("breakout_v1", false, true)]
    [InlineData("breakout_v1", true, false)]
    [InlineData("scalping_high_freq", true, true)]
    [InlineData("swing_trading_pro", false, false)]
    public async Task BarByBarTheResultsEqualThoseOfAScannerBuildingThemAtOnce(string presetName, bool withBenchmark, bool oiDeltaFilter)
    {
        // Scores of instruments that failed a filter are computed only when the scan is read by rank; the conditions it
        // could not check (open interest, and the correlation without a benchmark) are known at once all the same, also
        // when only the score reads them (the oi_delta filter switched off, its score weight kept).
        var preset = PresetCatalog.Get(presetName);
        if (!oiDeltaFilter)
        {
            preset = preset with { VolatilityFilters = preset.VolatilityFilters with { OiDeltaThreshold = null } };
        }
        var (onDemand, atOnce, clock) = TwoScanners(instruments: 6, bars: 400, withBenchmark);
        var candidatesSeen = 0;
        var engineOwn = new List<ScanResult>();
        for (var bar = 0; bar < 250; bar++)
        {
            clock.Advance(Candle.Interval);
            var lazy = await onDemand.ScanAsync(preset, Ct);
            var eager = await atOnce.ScanAsync(preset, Ct);

            lazy.Count.ShouldBe(eager.Results.Count);
            lazy.PassedFilters.ShouldBe(eager.PassedFilters);
            lazy.NotChecked.ShouldBe(eager.NotChecked);
            var lazyLevels = onDemand.BuildLevels(lazy, preset);
            var eagerLevels = atOnce.BuildLevels(eager, preset);
            lazyLevels.Select(Describe).ShouldBe(eagerLevels.Select(Describe), $"bar {bar}");
            // The engine's own candidates (not published, not copied) are the same until the next scan.
            onDemand.BuildLevels(lazy, preset, engineOwn).Select(Describe).ShouldBe(eagerLevels.Select(Describe), $"bar {bar}");
            candidatesSeen += lazyLevels.Count;
            lazy.Results.Select(Describe).ShouldBe(eager.Results.Select(Describe), $"bar {bar}");
        }
        // The comparison covered bars with candidates, not only bars where every instrument failed a filter.
        candidatesSeen.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task CandidatesKeepTheirRankAmongAllWhenFewOrManyPassed()
    {
        // A candidate's rank counts every instrument scored above it, passed or not. The on-demand scanner ranks only the
        // passed ones when few passed and the whole scan when many did; both must give the eager scanner's candidates,
        // in its order, cut at max_candidates.
        var preset = PresetCatalog.Get("breakout_v1_relaxed");
        preset = preset with { ScannerConfig = preset.ScannerConfig with { MaxCandidates = 10 } };
        var (onDemand, atOnce, clock) = TwoScanners(instruments: 30, bars: 400);
        var (fewBars, manyBars, outranked) = (0, 0, 0);
        for (var bar = 0; bar < 240; bar++)
        {
            clock.Advance(Candle.Interval);
            var lazy = await onDemand.ScanAsync(preset, Ct);
            var eager = await atOnce.ScanAsync(preset, Ct);
            var lazyLevels = onDemand.BuildLevels(lazy, preset);
            var eagerLevels = atOnce.BuildLevels(eager, preset);
            lazyLevels.Select(Describe).ShouldBe(eagerLevels.Select(Describe), $"bar {bar}");
            fewBars += lazy.PassedFilters is > 0 and <= 8 ? 1 : 0;
            manyBars += lazy.PassedFilters > 8 ? 1 : 0;
            outranked += lazyLevels.Where((r, k) => r.Rank > k + 1).Any() ? 1 : 0;
        }
        fewBars.ShouldBeGreaterThan(0);
        manyBars.ShouldBeGreaterThan(0);
        // Bars where an instrument that failed a filter outscored a candidate: the rank is not the candidate's position.
        outranked.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task AResultHandedOutKeepsItsFiguresAfterTheNextScan()
    {
        var (onDemand, _, clock) = TwoScanners(instruments: 3, bars: 300);
        clock.Advance(Candle.Interval * 60);
        var first = await onDemand.ScanAsync(Preset, Ct);
        var kept = first.Results[0];
        var before = Describe(kept);

        clock.Advance(Candle.Interval * 40);
        await onDemand.ScanAsync(Preset, Ct);

        Describe(kept).ShouldBe(before);
    }

    [Fact]
    public async Task PublishedCandidatesKeepTheirFiguresAfterTheNextScanAndTheEngineOwnListIsRefilled()
    {
        // Candidates published with the LevelsBuilt event are copies; the engine's own list is reused, and its candidates
        // (read before the next scan) keep what signals read: instrument, score, rank and levels.
        var preset = PresetCatalog.Get("breakout_v1_relaxed");
        var (onDemand, _, clock) = TwoScanners(instruments: 30, bars: 400);
        var engineOwn = new List<ScanResult>();
        var (published, own, ownHead, before) = ((IReadOnlyList<ScanResult>)[], (IReadOnlyList<ScanResult>)[], new List<string>(), new List<string>());
        for (var bar = 0; bar < 240 && published.Count == 0; bar++)
        {
            clock.Advance(Candle.Interval);
            var scan = await onDemand.ScanAsync(preset, Ct);
            published = onDemand.BuildLevels(scan, preset);
            own = onDemand.BuildLevels(scan, preset, engineOwn);
        }
        published.ShouldNotBeEmpty("no bar had a candidate with levels");
        own.ShouldBeSameAs(engineOwn);
        before.AddRange(published.Select(Describe));
        ownHead.AddRange(own.Select(Head));
        own.Select(Describe).ShouldBe(before);

        var moved = false;
        for (var bar = 0; bar < 40 && !moved; bar++)
        {
            clock.Advance(Candle.Interval);
            await onDemand.ScanAsync(preset, Ct);
            moved = !own.Select(Describe).SequenceEqual(before);
            published.Select(Describe).ShouldBe(before);
            own.Select(Head).ShouldBe(ownHead);
        }
        // The engine's own candidates hold the markets' scan objects: a later scan moved their figures (so the published
        // ones above were kept by their copies, not by a market that did not change).
        moved.ShouldBeTrue();

        var quiet = preset with { LiquidityFilters = preset.LiquidityFilters with { Min24hVolumeUsd = 1e15m } };
        clock.Advance(Candle.Interval);
        onDemand.BuildLevels(await onDemand.ScanAsync(quiet, Ct), quiet, engineOwn).ShouldBeEmpty();
        engineOwn.ShouldBeEmpty();
    }

    private static string Head(ScanResult r) =>
        $"{r.InstrumentId} {r.Score:R} {r.Rank} {string.Join(";", r.Levels.Select(l => $"{l.Type} {l.Price:R} {l.TouchCount}"))}";

    [Fact]
    public async Task AScanWhoseResultsWereNotReadRefusesToBuildThemAfterTheNextScan()
    {
        var (onDemand, _, clock) = TwoScanners(instruments: 3, bars: 300);
        clock.Advance(Candle.Interval * 60);
        var stale = await onDemand.ScanAsync(Preset, Ct);
        clock.Advance(Candle.Interval);
        await onDemand.ScanAsync(Preset, Ct);

        var error = Should.Throw<InvalidOperationException>(() => stale.Results);

        error.Message.ShouldContain("replaced by a later scan");
        // Its counts were taken when it ran and stay readable.
        stale.Count.ShouldBe(3);
    }

    [Fact]
    public async Task AnObservedReplayGivesTheSameReportAsOneNobodyObserves()
    {
        // An observer gets every kind of event (a replay alone makes only the trading ones); nothing else may change.
        var set = MarketDataSet.Generated(5, 4, 1_500);
        var seen = 0;
        var observed = await new ReplayRunner().RunAsync(set.Instruments, set.Candles, Preset, new ReplayOptions { Observer = _ => seen++ }, Ct);
        var alone = await new ReplayRunner().RunAsync(set.Instruments, set.Candles, Preset, cancellationToken: Ct);

        seen.ShouldBeGreaterThan(0);
        observed.Summary.Trades.ShouldBeGreaterThan(0);
        ReplayJson.Serialize(observed).ShouldBe(ReplayJson.Serialize(alone));
    }

    [Fact]
    public async Task AReplayObserverReadsAScansResultsDuringItsEventAndAnUnreadScanKeptForLaterRefuses()
    {
        var set = MarketDataSet.Generated(5, 4, 600);
        var scans = 0;
        var candidates = 0;
        ScanOutcome? read = null;
        string? readThen = null;
        ScanOutcome? unread = null;
        var options = new ReplayOptions
        {
            Observer = e =>
            {
                if (e is not BreakoutBot.Domain.Engine.ScanCompletedEvent completed)
                {
                    return;
                }
                scans++;
                if (scans % 2 == 1)
                {
                    // Left unread: nothing is built for it.
                    unread ??= completed.Scan;
                    return;
                }
                // Built when read, during the event: the scan's own bar, every instrument, ranked.
                var results = completed.Scan.Results;
                results.Count.ShouldBe(completed.Scan.Count);
                results.Select(r => r.Rank).ShouldBe(Enumerable.Range(1, results.Count));
                results.ShouldAllBe(r => r.Time == completed.Scan.Time);
                results.Count(r => r.PassedAllFilters).ShouldBe(completed.Scan.PassedFilters);
                candidates += completed.Scan.PassedFilters;
                if (read is null)
                {
                    read = completed.Scan;
                    readThen = string.Join(";", results.Select(Describe));
                }
            },
        };

        await new ReplayRunner().RunAsync(set.Instruments, set.Candles, Preset, options, Ct);

        scans.ShouldBeGreaterThan(100);
        candidates.ShouldBeGreaterThan(0);
        // Results read in time are kept as they were; a scan nobody read in time refuses rather than show a later bar.
        string.Join(";", read.ShouldNotBeNull().Results.Select(Describe)).ShouldBe(readThen);
        var stale = unread.ShouldNotBeNull();
        Should.Throw<InvalidOperationException>(() => stale.Results);
    }

    private static (ScanningManager OnDemand, ScanningManager AtOnce, ReplayClock Clock) TwoScanners(int instruments, int bars, bool withBenchmark = true)
    {
        var set = MarketGenerator.Generate(new MarketGeneratorOptions { Seed = 3, InstrumentCount = instruments, BarsPerInstrument = bars });
        var universe = set.Instruments.Where(i => withBenchmark || i.BaseCurrency != "BTC").ToList();
        universe.Count.ShouldBe(withBenchmark ? instruments : instruments - 1);
        var candles = universe.ToDictionary(i => i.Id, i => set.Candles[i.Id]);
        var first = candles.Values.Min(c => c[0].Time);
        var clock = new ReplayClock(first + (Candle.Interval * InstrumentMarket.WindowSize));
        var onDemand = new ScanningManager(new ReplayMarketDataProvider(universe, candles, clock)) { ResultsOnDemand = true };
        var atOnce = new ScanningManager(new ReplayMarketDataProvider(universe, candles, clock));
        return (onDemand, atOnce, clock);
    }

    private static string Describe(ScanResult r) =>
        string.Join("|", r.InstrumentId, r.Rank, r.Score.ToString("R"), r.Time.UtcTicks, r.NotChecked, r.PassedAllFilters, r.Metrics,
            string.Join(",", r.Filters.Select(f => $"{f.Key}={f.Value}")), string.Join(",", r.ScoreParts.Select(p => $"{p.Key}={p.Value:R}")),
            string.Join(",", r.Levels.Select(l => $"{l.Type}@{l.Price:R}/{l.TouchCount}/{l.Strength:R}")));
}
