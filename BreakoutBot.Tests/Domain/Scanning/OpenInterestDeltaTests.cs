using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Tests.Domain.Scanning;

/// <summary>
/// The live open-interest conditions: the scanner keeps the open interest it is given, derives the 24 h change (the
/// original's oi_change_24h, compared with the preset's oi_delta_threshold) from its own reads, and reports the
/// conditions as not available, never passed, whenever a read is missing.
/// </summary>
public class OpenInterestDeltaTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly Instrument Swap = new("SOL-USDT-SWAP", InstrumentKind.Swap, 0.01m, 0.01m, 0.01m, 1m);
    private static readonly TradingPreset BreakoutV1 = PresetCatalog.Get("breakout_v1"); // min_oi_usd 2M, oi_delta_threshold 0.018

    private static MarketSnapshot Read(DateTimeOffset time, decimal? usd) =>
        new(Swap, [], null, null, usd, null, 10, false, usd is null ? null : time);

    /// <summary>One read every 5 minutes for 24 h, rising linearly from <paramref name="first"/> to <paramref name="last"/>.</summary>
    private static InstrumentMarket ADayOfReads(decimal first, decimal last)
    {
        var market = new InstrumentMarket(Swap, isBenchmark: false);
        const int steps = 288;
        for (var i = 0; i <= steps; i++)
        {
            market.ApplySnapshot(Read(T0 + (Candle.Interval * i), first + ((last - first) * i / steps)), null);
        }
        return market;
    }

    [Fact]
    public void TheChangeIsUnknownUntilTheReadsSpanADayAndThenComparesWithTheReadADayBefore()
    {
        var market = new InstrumentMarket(Swap, isBenchmark: false);
        for (var i = 0; i < 288; i++)
        {
            market.ApplySnapshot(Read(T0 + (Candle.Interval * i), 4_000_000m), null);
            market.OpenInterestChange24h.ShouldBeNull($"read {i} is less than 24 h after the first");
        }
        market.OpenInterestUsd.ShouldBe(4_000_000m);

        // 24 h after the first read: (4.2M − 4M) / 4M = +5 %.
        market.ApplySnapshot(Read(T0 + OpenInterestHistory.Window, 4_200_000m), null);
        market.OpenInterestChange24h.ShouldNotBeNull().ShouldBe(0.05, 1e-12);

        // 5 minutes on, the reference moves to the read a day before that one (still 4M): 3.8M is −5 %.
        market.ApplySnapshot(Read(T0 + OpenInterestHistory.Window + Candle.Interval, 3_800_000m), null);
        market.OpenInterestChange24h.ShouldNotBeNull().ShouldBe(-0.05, 1e-12);
    }

    [Fact]
    public void ReadsWithinOneFiveMinuteBucketKeepOnlyTheLastAndOlderReadsAreIgnored()
    {
        var history = new OpenInterestHistory();

        history.Add(T0, 1m).ShouldBeTrue();
        history.Add(T0.AddMinutes(1), 2m).ShouldBeTrue();
        history.Add(T0.AddMinutes(4).AddSeconds(59), 3m).ShouldBeTrue();
        history.Add(T0.AddMinutes(3), 9m).ShouldBeFalse();
        history.Add(T0.AddMinutes(5), 4m).ShouldBeTrue();

        history.Count.ShouldBe(2);
    }

    [Fact]
    public void AGapInTheReadsAroundTheDayAgoLeavesTheChangeUnknownRatherThanGuessed()
    {
        var market = new InstrumentMarket(Swap, isBenchmark: false);
        market.ApplySnapshot(Read(T0, 4_000_000m), null);
        // Nothing for 90 minutes, then reads every 5 minutes.
        for (var t = T0.AddMinutes(90); t <= T0 + OpenInterestHistory.Window + TimeSpan.FromMinutes(60); t += Candle.Interval)
        {
            market.ApplySnapshot(Read(t, 4_100_000m), null);
        }

        // A day before the newest read (01:00) falls in the gap; the read before it (00:00) is an hour off.
        market.OpenInterestChange24h.ShouldBeNull();

        // 35 more minutes: the reference is now the 01:30 read, within the window.
        for (var i = 1; i <= 7; i++)
        {
            market.ApplySnapshot(Read(T0 + OpenInterestHistory.Window + TimeSpan.FromMinutes(60) + (Candle.Interval * i), 4_510_000m), null);
        }
        market.OpenInterestChange24h.ShouldNotBeNull().ShouldBe(0.1, 1e-12);
    }

    [Fact]
    public void WithOpenInterestAndItsChangeBothConditionsAreCheckedAndTheWeightIsUsed()
    {
        var rising = ADayOfReads(2_500_000m, 2_600_000m);   // 2.6M, +4 %
        var flat = ADayOfReads(2_500_000m, 2_510_000m);     // +0.4 %
        var small = ADayOfReads(1_000_000m, 1_100_000m);    // 1.1M, +10 %

        var risingFilters = MarketScanner.Filter(rising, MarketScanner.Measure(rising), BreakoutV1);
        var flatFilters = MarketScanner.Filter(flat, MarketScanner.Measure(flat), BreakoutV1);
        var smallFilters = MarketScanner.Filter(small, MarketScanner.Measure(small), BreakoutV1);

        risingFilters["min_oi"].ShouldBe(new FilterResult(true, 2_600_000d, 2_000_000d, "open interest must be at least the threshold"));
        risingFilters["oi_delta"].Passed.ShouldBeTrue();
        risingFilters["oi_delta"].Value.ShouldBe(0.04, 1e-12);
        flatFilters["oi_delta"].Failed.ShouldBeTrue();
        smallFilters["min_oi"].Failed.ShouldBeTrue();
        smallFilters["oi_delta"].Passed.ShouldBeTrue();
        risingFilters.NotChecked.ShouldBe(UncheckedConditions.None);

        // oi_delta scores |0.04| / 0.05 = 0.8 with its own weight 0.15: nothing is renormalised away (the correlation
        // with BTC, which this lone market has not measured, is set as known so it does not take weight out).
        var metrics = MarketScanner.Measure(rising) with { BtcCorrelationKnown = true, BtcCorrelation = 0.5 };
        var parts = MarketScanner.ScoreParts(metrics, BreakoutV1.ScannerConfig.ScoreWeights);
        parts["oi_delta"].ShouldBe(0.15 * 0.8, 1e-9);
        parts.NotChecked.HasFlag(UncheckedConditions.OiDelta).ShouldBeFalse();
    }

    [Fact]
    public void AMissingReadMakesBothConditionsNotAvailableForThatScanAndTheHistorySurvivesIt()
    {
        var market = ADayOfReads(2_500_000m, 2_600_000m);

        market.ApplySnapshot(Read(T0 + OpenInterestHistory.Window + Candle.Interval, null), null);

        market.OpenInterestUsd.ShouldBeNull();
        market.OpenInterestChange24h.ShouldBeNull();
        var filters = MarketScanner.Filter(market, MarketScanner.Measure(market), BreakoutV1);
        filters["min_oi"].Passed.ShouldBeFalse();
        filters["min_oi"].Failed.ShouldBeFalse();
        filters["oi_delta"].Passed.ShouldBeFalse();
        filters["oi_delta"].Failed.ShouldBeFalse();
        filters.NotChecked.ShouldBe(UncheckedConditions.MinOi | UncheckedConditions.OiDelta);

        // The next good read finds the day-old reference again.
        market.ApplySnapshot(Read(T0 + OpenInterestHistory.Window + (2 * Candle.Interval), 2_550_000m), null);
        market.OpenInterestChange24h.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void WhileTheChangeIsStillUnknownOiDeltaSaysSoAndMinOiIsChecked()
    {
        var market = new InstrumentMarket(Swap, isBenchmark: false);
        market.ApplySnapshot(Read(T0, 3_000_000m), null);

        var filters = MarketScanner.Filter(market, MarketScanner.Measure(market), BreakoutV1);

        filters["min_oi"].Passed.ShouldBeTrue();
        filters["oi_delta"].IsAvailable.ShouldBeFalse();
        filters["oi_delta"].Reason.ShouldBe("open-interest change not known yet (fewer than 24 h of open-interest reads)");
        filters.NotChecked.ShouldBe(UncheckedConditions.OiDelta);
    }
}
