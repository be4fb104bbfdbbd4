using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// The original's market filters (liquidity, volatility, correlation with BTC, data health) and its weighted score,
/// all computed from real figures. Each filter reports value, threshold and a reason; the score keeps its parts.
/// </summary>
public static class MarketScanner
{
    /// <summary>Bars checked for gaps by the data-health filter.</summary>
    public const int DataHealthLookbackBars = 30;
    public const int MinCandles = 20;
    public const double CorrelationFloor = 0.85;

    /// <summary>The data-health filter's reasons (fixed text; <see cref="FilterDescriptions"/> adds the figures in words).</summary>
    public const string StaleReason = "stale market data";
    public const string TooFewCandlesReason = "too few candles";
    public const string GapsReason = "gaps in the last 30 bars";
    public const string NoDepthReason = "no order-book depth";
    public const string WideSpreadReason = "spread far too wide";
    public const string NoActivityReason = "no trading activity";
    public const string HealthyReason = "healthy";

    public static ScanMetrics Measure(InstrumentMarket market) => new(Figures(market));

    /// <summary>What <see cref="Measure"/> measures, as values (a scan measuring into an object of its own uses these).</summary>
    internal static ScanMetrics.Figures Figures(InstrumentMarket market)
    {
        var figures = default(ScanMetrics.Figures);
        FiguresInto(ref figures, market);
        return figures;
    }

    /// <summary>
    /// <see cref="Figures"/> written field by field into <paramref name="f"/> (every field is set): a scan measuring into
    /// the market's own object writes there directly, without a copy of the whole struct per instrument per bar.
    /// </summary>
    internal static void FiguresInto(ref ScanMetrics.Figures f, InstrumentMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        var hasBook = market.HasLiquidityBook;
        f.Price = market.LastClose;
        f.Atr5m = market.Atr;
        f.Atr15m = market.Atr15m;
        f.BbWidthPct = market.BollingerWidthPct;
        f.VolumeSurge1h = market.VolumeSurge1h;
        f.VolumeSurge5m = market.VolumeSurge5m;
        f.Volume24hUsd = market.Volume24hQuote is { } quoted && quoted > 0 ? (double)quoted : market.Volume24hUsd;
        f.OpenInterestUsd = market.OpenInterestUsd is { } oi ? (double)oi : null;
        f.OpenInterestChange24h = market.OpenInterestChange24h;
        f.TradesPerMinute = market.TradesPerMinute ?? 0d;
        f.BtcCorrelation = market.BtcCorrelation;
        f.SpreadBps = hasBook ? market.BookSpreadBps : double.NaN;
        f.Depth03Usd = hasBook ? market.BookDepth03Usd : 0d;
        f.Depth05Usd = hasBook ? market.BookDepth05Usd : 0d;
        f.Imbalance = hasBook ? market.Book.Imbalance : 0d;
        f.CandleCount = market.CandleCount;
        f.Vwap = market.Vwap;
        f.GainersMomentum = GainersMomentum(market);
        f.HasOrderBook = hasBook;
        f.HasLevel2 = hasBook && !market.Book.IsModelled;
        f.HasBenchmark = market.HasBenchmark || market.IsBenchmark;
        f.BtcCorrelationKnown = market.IsBtcCorrelationReady && (market.HasBenchmark || market.IsBenchmark);
        f.LastCandleClose = market.LastCloseTime;
    }

    public static FilterDictionary Filter(InstrumentMarket market, ScanMetrics m, TradingPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var f = new FilterDictionary();
        FilterInto(f, market, m, preset, LiquidityThresholds.Of(preset.LiquidityFilters));
        return f;
    }

    /// <summary>
    /// Sets every verdict of <paramref name="f"/> (each filter is set on every call, so an object can be filtered into
    /// again); <paramref name="thresholds"/> are <paramref name="preset"/>'s liquidity thresholds as doubles
    /// (<see cref="LiquidityThresholds.Of"/>, converted once per preset by a scanner, not per instrument and bar).
    /// </summary>
    internal static void FilterInto(FilterDictionary f, InstrumentMarket market, ScanMetrics m, TradingPreset preset, in LiquidityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(preset);
        var liq = preset.LiquidityFilters;
        var vol = preset.VolatilityFilters;

        f[FilterDictionary.MinVolume] = AtLeast(m.Volume24hUsd, thresholds.Min24hVolumeUsd, "24h quote volume" + MustBeAtLeast);
        var isSpot = market.Instrument.Kind == InstrumentKind.Spot;
        f[FilterDictionary.MinOi] = isSpot
            ? FilterResult.Skipped("spot has no open interest")
            : thresholds.MinOiUsd is not { } minOi
                ? FilterResult.Skipped("disabled by the preset")
                : m.OpenInterestUsd is { } oi
                    ? AtLeast(oi, minOi, "open interest" + MustBeAtLeast)
                    : FilterResult.NotAvailable("open interest not available from this data source");
        f[FilterDictionary.MaxSpread] = m.HasOrderBook
            ? AtMost(m.SpreadBps, liq.MaxSpreadBps, "spread (bps)" + MustBeAtMost)
            : FilterResult.Skipped("no order book");
        f[FilterDictionary.MinDepth05] = AtLeast(m.Depth05Usd, thresholds.MinDepth05Usd, "depth within 0.5 %" + MustBeAtLeast);
        f[FilterDictionary.MinDepth03] = AtLeast(m.Depth03Usd, thresholds.MinDepth03Usd, "depth within 0.3 %" + MustBeAtLeast);
        f[FilterDictionary.MinTradesPerMinute] = AtLeast(m.TradesPerMinute, liq.MinTradesPerMinute, "trades per minute" + MustBeAtLeast);

        var atrRatio = m.Price > 0 ? m.Atr15m / m.Price : double.NaN;
        f[FilterDictionary.AtrRange] = new FilterResult(
            double.IsFinite(atrRatio) && atrRatio >= vol.AtrRangeMin && atrRatio <= vol.AtrRangeMax,
            atrRatio, vol.AtrRangeMin,
            "ATR(15m)/price must be within [atr_range_min, atr_range_max]");
        f[FilterDictionary.BbWidth] = AtMost(m.BbWidthPct, vol.BbWidthPercentileMax, "Bollinger width %" + MustBeAtMost);
        f[FilterDictionary.VolumeSurge1h] = AtLeast(m.VolumeSurge1h, vol.VolumeSurge1hMin, "1h volume surge" + MustBeAtLeast);
        f[FilterDictionary.VolumeSurge5m] = AtLeast(m.VolumeSurge5m, vol.VolumeSurge5mMin, "5m volume surge" + MustBeAtLeast);
        f[FilterDictionary.OiDelta] = isSpot
            ? FilterResult.Skipped("spot has no open interest")
            : vol.OiDeltaThreshold is not { } oiThr
                ? FilterResult.Skipped("disabled by the preset")
                : m.OpenInterestChange24h is { } oiChange
                    ? AtLeast(Math.Abs(oiChange), oiThr, "|24h open-interest change|" + MustBeAtLeast)
                    : FilterResult.NotAvailable(m.OpenInterestUsd is null
                        ? "open-interest change not available from this data source"
                        : "open-interest change not known yet (fewer than 24 h of open-interest reads)");

        var corrLimit = Math.Max(preset.Risk.CorrelationLimit, CorrelationFloor);
        f[FilterDictionary.Correlation] =
            market.IsBenchmark ? FilterResult.Skipped("the benchmark itself")
            : !m.HasBenchmark ? FilterResult.NotAvailable("no benchmark (BTC) series in the data")
            : market.IsBtcCorrelationReady ? AtMost(Math.Abs(m.BtcCorrelation), corrLimit, "|correlation with BTC|" + MustBeAtMost)
            : new FilterResult(false, double.NaN, corrLimit, "correlation with BTC not known yet");

        f[FilterDictionary.DataHealth] = DataHealth(market, m, liq.MaxSpreadBps);
    }

    /// <summary>
    /// The weighted score components. A component whose input the source cannot provide (open-interest change,
    /// correlation without a known benchmark correlation) is not available: it is left out and the weights of the
    /// available components are scaled by Σ|all weights| / Σ|available weights|, so the score keeps its scale (ADR-008).
    /// </summary>
    public static ScoreDictionary ScoreParts(ScanMetrics m, IReadOnlyDictionary<string, double> weights)
    {
        var parts = new ScoreDictionary();
        ScorePartsInto(parts, m, weights);
        return parts;
    }

    /// <summary>Scores into <paramref name="parts"/>, emptied first.</summary>
    internal static void ScorePartsInto(ScoreDictionary parts, ScanMetrics m, IReadOnlyDictionary<string, double> weights) =>
        ScorePartsInto(parts, m, CompiledWeights.Of(weights));

    /// <summary>Scores into <paramref name="parts"/>, emptied first, with weights compiled once for a whole scan.</summary>
    internal static void ScorePartsInto(ScoreDictionary parts, ScanMetrics m, (int Index, double Weight)[] weights)
    {
        ArgumentNullException.ThrowIfNull(m);
        parts.Clear();
        var totalWeight = 0d;
        var availableWeight = 0d;
        foreach (var (index, weight) in weights)
        {
            totalWeight += Math.Abs(weight);
            if (index < 0)
            {
                // A component this version does not know: no weight at all.
                totalWeight -= Math.Abs(weight);
                continue;
            }
            var z = ComponentValue(index, m);
            if (double.IsFinite(z))
            {
                availableWeight += Math.Abs(weight);
                parts.Set(index, weight * z);
            }
            else if (IsNotAvailable(index, m))
            {
                parts.MarkNotAvailable(index);
            }
            else if (index == ScoreComponentIndex.Correlation)
            {
                // Benchmark present but fewer than 20 paired bars: left out (and renormalised) while warming up; the
                // correlation filter fails meanwhile, so this is not a condition the data cannot provide.
            }
            else
            {
                availableWeight += Math.Abs(weight);
            }
        }
        if (availableWeight > 0 && availableWeight < totalWeight)
        {
            parts.Scale(totalWeight / availableWeight);
        }
    }

    /// <summary>
    /// The score components <see cref="ScorePartsInto(ScoreDictionary, ScanMetrics, ValueTuple{int, double}[])"/> would
    /// mark not available, without scoring (a scan whose results are built on demand scores an instrument only when its
    /// ranking is read, but says at once what it could not check).
    /// </summary>
    internal static UncheckedConditions NotAvailableParts(ScanMetrics m, (int Index, double Weight)[] weights)
    {
        var notChecked = UncheckedConditions.None;
        foreach (var (index, _) in weights)
        {
            if ((index == ScoreComponentIndex.OiDelta || index == ScoreComponentIndex.Correlation)
                && !double.IsFinite(ComponentValue(index, m)) && IsNotAvailable(index, m))
            {
                notChecked |= ScoreDictionary.NotCheckedOf(index);
            }
        }
        return notChecked;
    }

    // A component's normalised value (NaN when its input is missing).
    private static double ComponentValue(int index, ScanMetrics m) => index switch
    {
        ScoreComponentIndex.VolSurge => VolSurgeScore(m.VolumeSurge1h, m.VolumeSurge5m),
        ScoreComponentIndex.OiDelta => m.OpenInterestChange24h is { } d ? Clip(Math.Abs(d) / 0.05, 3) : double.NaN,
        ScoreComponentIndex.AtrQuality => Clip((AtrQuality(m.Price > 0 ? m.Atr15m / m.Price : double.NaN) - 0.5) / 0.2, 3),
        ScoreComponentIndex.Correlation => m.BtcCorrelationKnown ? CorrelationScore(m.BtcCorrelation) : double.NaN,
        ScoreComponentIndex.TradesPerMinute => m.TradesPerMinute <= 0 ? -3d : Clip((Math.Log(m.TradesPerMinute) - 2.0) / 1.0, 3),
        _ => m.GainersMomentum,
    };

    // A component without a value is one the data source cannot provide (rather than one still warming up).
    private static bool IsNotAvailable(int index, ScanMetrics m) =>
        index == ScoreComponentIndex.OiDelta || (index == ScoreComponentIndex.Correlation && !m.HasBenchmark);

    public static double VolSurgeScore(double surge1h, double surge5m)
    {
        if (!double.IsFinite(surge1h) || !double.IsFinite(surge5m))
        {
            return 0d;
        }
        return Clip(((0.6 * surge1h) + (0.4 * surge5m) - 1.5) / 1.0, 3);
    }

    /// <summary>1 at ATR/price = 2.5 %, 0.5 at the edges of the 1.5–3.5 % band, falling linearly to 0 outside it.</summary>
    public static double AtrQuality(double ratio)
    {
        if (!double.IsFinite(ratio) || ratio <= 0)
        {
            return 0d;
        }
        if (ratio >= 0.015 && ratio <= 0.035)
        {
            return 1 - (Math.Abs(ratio - 0.025) / 0.02);
        }
        if (ratio < 0.015)
        {
            return 0.5 * ratio / 0.015;
        }
        return Math.Max(0, 0.5 - ((ratio - 0.035) / 0.02));
    }

    public static double CorrelationScore(double correlation)
    {
        var c = Math.Abs(correlation);
        double v;
        if (c <= 0.3)
        {
            v = 1 - (c / 0.3 * 0.5);
        }
        else if (c <= 0.7)
        {
            v = 1.0;
        }
        else
        {
            v = 1 - ((c - 0.7) / 0.3 * 1.5);
        }
        return Clip(v, 2);
    }

    private static double GainersMomentum(InstrumentMarket market)
    {
        var w = market.Window;
        if (w.Count < 5)
        {
            return 0d;
        }
        var n = w.Count;
        var openFirst = w.Open[n - 5];
        var closeLast = w.Close[n - 1];
        var lastThree = (w.Volume[n - 1] + w.Volume[n - 2] + w.Volume[n - 3]) / 3;
        var firstTwo = (w.Volume[n - 5] + w.Volume[n - 4]) / 2;
        var pct = openFirst > 0 ? 100 * (closeLast - openFirst) / openFirst : 0;
        var volTerm = lastThree > 0 && firstTwo > 0 ? Math.Log(lastThree / firstTwo) : 0;
        return Clip(pct + volTerm, 3);
    }

    private static FilterResult DataHealth(InstrumentMarket market, ScanMetrics m, double maxSpreadBps)
    {
        if (market.IsStale)
        {
            return new FilterResult(false, 1, 0, StaleReason);
        }
        if (market.CandleCount < MinCandles)
        {
            return new FilterResult(false, market.CandleCount, MinCandles, TooFewCandlesReason);
        }
        var gaps = market.GapsInLast(DataHealthLookbackBars);
        if (gaps > 0)
        {
            return new FilterResult(false, gaps, 0, GapsReason);
        }
        if (!m.HasOrderBook || m.Depth05Usd <= 0)
        {
            return new FilterResult(false, m.Depth05Usd, 0, NoDepthReason);
        }
        var spreadLimit = Math.Max(2 * maxSpreadBps, 20);
        if (m.SpreadBps > spreadLimit)
        {
            return new FilterResult(false, m.SpreadBps, spreadLimit, WideSpreadReason);
        }
        if (m.TradesPerMinute <= 0)
        {
            return new FilterResult(false, m.TradesPerMinute, 0, NoActivityReason);
        }
        return new FilterResult(true, 0, 0, HealthyReason);
    }

    // Reasons are fixed strings: the value and the threshold travel in the result, so nothing is formatted per scan.
    // Reasons are constants (the "+" is folded at compile time), so a scan allocates no string.
    private const string MustBeAtLeast = " must be at least the threshold";
    private const string MustBeAtMost = " must be at most the threshold";

    private static FilterResult AtLeast(double value, double threshold, string reason) =>
        new(double.IsFinite(value) && value >= threshold, value, threshold, reason);

    private static FilterResult AtMost(double value, double threshold, string reason) =>
        new(double.IsFinite(value) && value <= threshold, value, threshold, reason);

    private static double Clip(double v, double limit) => v < -limit ? -limit : v > limit ? limit : v;
}
