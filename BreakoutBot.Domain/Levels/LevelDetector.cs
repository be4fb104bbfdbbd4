using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Levels;

/// <summary>
/// Builds support and resistance levels from a window of bars (the original bot's <c>LevelDetector</c>, §4 of the
/// reference, without its defects).
/// <list type="number">
/// <item>Candidates: Donchian upper/lower values of every period for each of the last
/// <see cref="LevelDetectorOptions.DonchianLookbackBars"/> bars (only where the period fits in the window), strict
/// fractal swing highs/lows, and the high/low of every bar whose volume is at or above the volume percentile.</item>
/// <item>Merge per type: candidates sorted by price are grouped while they stay within the touch tolerance
/// (<see cref="LevelDetectorOptions.TouchToleranceAtr"/>·ATR) of the group's lowest member, so a group never spans more
/// than the tolerance; the level price is the mean of the members (duplicates included).</item>
/// <item>Validation: every bar whose high (resistance) or low (support) lies within the tolerance is one touch; levels
/// with fewer than <see cref="LevelDetectorOptions.MinTouches"/> are rejected.</item>
/// <item>Strength = 0.4·min(1, touches/5) + 0.2·min(1, span hours/168) + 0.2·min(1, mean touch-bar volume / mean
/// volume) + 0.2·(1 − pierce penalty), where the pierce penalty is min(1, 5·fraction of closes beyond
/// price·(1 ± <see cref="LevelDetectorOptions.MaxPiercePct"/>)).</item>
/// <item>Bonuses: a round-number bonus min(0.3, 0.1 + 0.05·log10(step + 1)) for the largest eligible step (see
/// <see cref="LevelDetectorOptions.RoundMinStepToPrice"/>) when <see cref="LevelDetectorOptions.PreferRoundNumbers"/>,
/// and a cascade bonus min(0.2, 0.05·n) when n ≥ <see cref="LevelDetectorOptions.CascadeMinLevels"/> validated levels
/// of either type (this one included) lie within the cascade radius. Cascades are counted before separation, since
/// separation leaves no two levels of one type close together. Strength is capped at 1.</item>
/// <item>Output: by strength descending (ties: more touches, then lower price); a level closer than
/// <see cref="LevelDetectorOptions.MinLevelSeparationAtr"/>·ATR to an already kept level of the same type is dropped.</item>
/// </list>
/// The instance keeps scratch buffers between calls, so it is not thread-safe: use one detector per thread.
/// </summary>
public sealed class LevelDetector
{
    private const double TouchesForFullScore = 5.0;
    private const double SpanHoursForFullScore = 168.0;
    private const double TouchWeight = 0.4;
    private const double SpanWeight = 0.2;
    private const double VolumeWeight = 0.2;
    private const double PierceWeight = 0.2;
    private const double PiercePenaltyFactor = 5.0;
    private const double RoundBonusBase = 0.1;
    private const double RoundBonusLogFactor = 0.05;
    private const double RoundBonusMax = 0.3;
    private const double CascadeBonusPerLevel = 0.05;
    private const double CascadeBonusMax = 0.2;

    private double[] _resistancePrices = new double[128];
    private LevelSource[] _resistanceSources = new LevelSource[128];
    private double[] _supportPrices = new double[128];
    private LevelSource[] _supportSources = new LevelSource[128];
    private double[] _volumeScratch = new double[256];
    private LevelWork[] _levels = new LevelWork[32];
    private int[] _order = new int[32];
    private int _resistanceCount;
    private int _supportCount;
    private int _levelCount;

    /// <summary>
    /// Detects levels in <paramref name="window"/>. When <paramref name="atr"/> is not a positive finite number the
    /// mean bar range (high − low) of the window is used instead (the original fell back to a fixed 0.01, which is
    /// meaningless across price scales). Returns an empty list with fewer than
    /// <see cref="LevelDetectorOptions.MinCandles"/> bars or when every bar has zero range.
    /// </summary>
    public IReadOnlyList<TradingLevel> Detect(CandleWindow window, double atr, LevelDetectorOptions options)
    {
        if (options is null)
        {
            throw new DomainException("LevelDetector: options must not be null.");
        }
        options.Validate();

        var n = window.Count;
        if (n < options.MinCandles)
        {
            return [];
        }

        var high = window.High;
        var low = window.Low;
        if (!(atr > 0) || !double.IsFinite(atr))
        {
            atr = MeanRange(high, low);
            if (!(atr > 0))
            {
                return [];
            }
        }

        var tolerance = options.TouchToleranceAtr * atr;
        EnsureCandidateCapacity(options.DonchianPeriods.Count * options.DonchianLookbackBars + 2 * n);
        _resistanceCount = 0;
        _supportCount = 0;
        _levelCount = 0;

        AddDonchianCandidates(high, low, options);
        AddSwingCandidates(high, low, options);
        AddVolumeCandidates(window, options);

        var meanVolume = Mean(window.Volume);
        MergeAndValidate(window, LevelType.Resistance, _resistancePrices, _resistanceSources, _resistanceCount, tolerance, meanVolume, options);
        MergeAndValidate(window, LevelType.Support, _supportPrices, _supportSources, _supportCount, tolerance, meanVolume, options);
        if (_levelCount == 0)
        {
            return [];
        }

        ApplyBonuses(options);
        SortByStrength();
        return SelectSeparated(window, options.MinLevelSeparationAtr * atr);
    }

    private static double MeanRange(ReadOnlySpan<double> high, ReadOnlySpan<double> low)
    {
        var sum = 0.0;
        for (var i = 0; i < high.Length; i++)
        {
            sum += high[i] - low[i];
        }
        return sum / high.Length;
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i];
        }
        return sum / values.Length;
    }

    private void EnsureCandidateCapacity(int needed)
    {
        if (_resistancePrices.Length < needed)
        {
            var size = Math.Max(needed, _resistancePrices.Length * 2);
            _resistancePrices = new double[size];
            _resistanceSources = new LevelSource[size];
            _supportPrices = new double[size];
            _supportSources = new LevelSource[size];
        }
    }

    private void AddResistance(double price, LevelSource source)
    {
        _resistancePrices[_resistanceCount] = price;
        _resistanceSources[_resistanceCount] = source;
        _resistanceCount++;
    }

    private void AddSupport(double price, LevelSource source)
    {
        _supportPrices[_supportCount] = price;
        _supportSources[_supportCount] = source;
        _supportCount++;
    }

    private void AddDonchianCandidates(ReadOnlySpan<double> high, ReadOnlySpan<double> low, LevelDetectorOptions options)
    {
        var n = high.Length;
        var firstBar = Math.Max(0, n - options.DonchianLookbackBars);
        var periods = options.DonchianPeriods;
        for (var p = 0; p < periods.Count; p++)
        {
            var period = periods[p];
            for (var i = Math.Max(firstBar, period - 1); i < n; i++)
            {
                var upper = double.MinValue;
                var lower = double.MaxValue;
                for (var j = i - period + 1; j <= i; j++)
                {
                    if (high[j] > upper)
                    {
                        upper = high[j];
                    }
                    if (low[j] < lower)
                    {
                        lower = low[j];
                    }
                }
                AddResistance(upper, LevelSource.Donchian);
                AddSupport(lower, LevelSource.Donchian);
            }
        }
    }

    private void AddSwingCandidates(ReadOnlySpan<double> high, ReadOnlySpan<double> low, LevelDetectorOptions options)
    {
        var left = options.SwingLeft;
        var right = options.SwingRight;
        for (var i = left; i < high.Length - right; i++)
        {
            var isHigh = true;
            var isLow = true;
            for (var j = i - left; j <= i + right && (isHigh || isLow); j++)
            {
                if (j == i)
                {
                    continue;
                }
                if (high[j] >= high[i])
                {
                    isHigh = false;
                }
                if (low[j] <= low[i])
                {
                    isLow = false;
                }
            }
            if (isHigh)
            {
                AddResistance(high[i], LevelSource.Swing);
            }
            if (isLow)
            {
                AddSupport(low[i], LevelSource.Swing);
            }
        }
    }

    private void AddVolumeCandidates(CandleWindow window, LevelDetectorOptions options)
    {
        var volume = window.Volume;
        var n = volume.Length;
        if (_volumeScratch.Length < n)
        {
            _volumeScratch = new double[Math.Max(n, _volumeScratch.Length * 2)];
        }
        volume.CopyTo(_volumeScratch);
        Array.Sort(_volumeScratch, 0, n);

        // Linear interpolation between closest ranks, as numpy's default percentile.
        var rank = options.VolumePercentile * (n - 1);
        var lowerRank = (int)Math.Floor(rank);
        var upperRank = Math.Min(lowerRank + 1, n - 1);
        var threshold = _volumeScratch[lowerRank] + ((_volumeScratch[upperRank] - _volumeScratch[lowerRank]) * (rank - lowerRank));

        var high = window.High;
        var low = window.Low;
        for (var i = 0; i < n; i++)
        {
            if (volume[i] >= threshold)
            {
                AddResistance(high[i], LevelSource.Volume);
                AddSupport(low[i], LevelSource.Volume);
            }
        }
    }

    private void MergeAndValidate(
        CandleWindow window,
        LevelType type,
        double[] prices,
        LevelSource[] sources,
        int count,
        double tolerance,
        double meanVolume,
        LevelDetectorOptions options)
    {
        Array.Sort(prices, sources, 0, count);
        var i = 0;
        while (i < count)
        {
            var anchor = prices[i];
            var sum = 0.0;
            var merged = LevelSource.None;
            var j = i;
            while (j < count && prices[j] - anchor <= tolerance)
            {
                sum += prices[j];
                merged |= sources[j];
                j++;
            }
            Validate(window, type, sum / (j - i), merged, tolerance, meanVolume, options);
            i = j;
        }
    }

    private void Validate(
        CandleWindow window,
        LevelType type,
        double price,
        LevelSource sources,
        double tolerance,
        double meanVolume,
        LevelDetectorOptions options)
    {
        var isResistance = type == LevelType.Resistance;
        var edges = isResistance ? window.High : window.Low;
        var close = window.Close;
        var volume = window.Volume;
        var n = edges.Length;
        var pierceLine = isResistance ? price * (1 + options.MaxPiercePct) : price * (1 - options.MaxPiercePct);

        var touches = 0;
        var first = -1;
        var last = -1;
        var touchVolume = 0.0;
        var pierced = 0;
        for (var b = 0; b < n; b++)
        {
            if (Math.Abs(edges[b] - price) <= tolerance)
            {
                touches++;
                if (first < 0)
                {
                    first = b;
                }
                last = b;
                touchVolume += volume[b];
            }
            if (isResistance ? close[b] > pierceLine : close[b] < pierceLine)
            {
                pierced++;
            }
        }
        if (touches < options.MinTouches)
        {
            return;
        }

        var ticks = window.TimeTicks;
        var spanHours = (double)(ticks[last] - ticks[first]) / TimeSpan.TicksPerHour;
        var volumeRatio = meanVolume > 0 ? touchVolume / touches / meanVolume : 0.0;
        var piercePenalty = Math.Min(1.0, PiercePenaltyFactor * pierced / n);
        var strength = (TouchWeight * Math.Min(1.0, touches / TouchesForFullScore))
            + (SpanWeight * Math.Min(1.0, spanHours / SpanHoursForFullScore))
            + (VolumeWeight * Math.Min(1.0, volumeRatio))
            + (PierceWeight * (1.0 - piercePenalty));

        if (_levelCount == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
            _order = new int[_levels.Length];
        }
        _levels[_levelCount++] = new LevelWork
        {
            Price = price,
            Type = type,
            Touches = touches,
            FirstBar = first,
            LastBar = last,
            Strength = Math.Clamp(strength, 0.0, 1.0),
            BaseHeight = BaseHeight(window, price, isResistance, options),
            Sources = sources,
        };
    }

    private static double BaseHeight(CandleWindow window, double price, bool isResistance, LevelDetectorOptions options)
    {
        var n = window.Count;
        var from = Math.Max(0, n - options.BaseLookbackBars);
        if (isResistance)
        {
            var limit = price * (1 - options.BaseDepthPct);
            var deepest = double.NaN;
            var low = window.Low;
            for (var i = from; i < n; i++)
            {
                if (low[i] < limit && !(low[i] <= deepest))
                {
                    deepest = low[i];
                }
            }
            return double.IsNaN(deepest) ? double.NaN : price - deepest;
        }
        else
        {
            var limit = price * (1 + options.BaseDepthPct);
            var nearest = double.NaN;
            var high = window.High;
            for (var i = from; i < n; i++)
            {
                if (high[i] > limit && !(high[i] >= nearest))
                {
                    nearest = high[i];
                }
            }
            return double.IsNaN(nearest) ? double.NaN : nearest - price;
        }
    }

    private void ApplyBonuses(LevelDetectorOptions options)
    {
        var radiusFraction = options.CascadeRadiusBps / 10_000.0;
        for (var i = 0; i < _levelCount; i++)
        {
            ref var level = ref _levels[i];
            var roundStep = LargestRoundStep(level.Price, options);
            level.IsRoundNumber = roundStep > 0;
            var bonus = 0.0;
            if (level.IsRoundNumber && options.PreferRoundNumbers)
            {
                bonus += Math.Min(RoundBonusMax, RoundBonusBase + (RoundBonusLogFactor * Math.Log10(roundStep + 1)));
            }

            var radius = level.Price * radiusFraction;
            var neighbours = 0;
            for (var j = 0; j < _levelCount; j++)
            {
                if (Math.Abs(_levels[j].Price - level.Price) <= radius)
                {
                    neighbours++;
                }
            }
            level.InCascade = neighbours >= options.CascadeMinLevels;
            if (level.InCascade)
            {
                bonus += Math.Min(CascadeBonusMax, CascadeBonusPerLevel * neighbours);
            }
            level.Strength = Math.Clamp(level.Strength + bonus, 0.0, 1.0);
        }
    }

    /// <summary>The largest eligible step the price lies near a multiple of, or 0 when none.</summary>
    private static double LargestRoundStep(double price, LevelDetectorOptions options)
    {
        var tolerance = price * options.RoundTolerancePct;
        var minStep = price * options.RoundMinStepToPrice;
        var best = 0.0;
        var steps = options.RoundSteps;
        for (var s = 0; s < steps.Count; s++)
        {
            var step = steps[s];
            if (step < minStep || step <= best)
            {
                continue;
            }
            var multiple = Math.Round(price / step, MidpointRounding.AwayFromZero) * step;
            if (multiple > 0 && Math.Abs(price - multiple) <= tolerance)
            {
                best = step;
            }
        }
        return best;
    }

    /// <summary>Insertion sort of indices (few levels): strength desc, then touches desc, then price asc.</summary>
    private void SortByStrength()
    {
        for (var i = 0; i < _levelCount; i++)
        {
            var current = i;
            var k = i - 1;
            while (k >= 0 && Precedes(current, _order[k]))
            {
                _order[k + 1] = _order[k];
                k--;
            }
            _order[k + 1] = current;
        }
    }

    private bool Precedes(int a, int b)
    {
        ref readonly var x = ref _levels[a];
        ref readonly var y = ref _levels[b];
        if (x.Strength != y.Strength)
        {
            return x.Strength > y.Strength;
        }
        if (x.Touches != y.Touches)
        {
            return x.Touches > y.Touches;
        }
        return x.Price < y.Price;
    }

    private TradingLevel[] SelectSeparated(CandleWindow window, double minSeparation)
    {
        var keptCount = 0;
        for (var i = 0; i < _levelCount; i++)
        {
            ref var candidate = ref _levels[_order[i]];
            candidate.Kept = true;
            for (var k = 0; k < i; k++)
            {
                ref readonly var stronger = ref _levels[_order[k]];
                if (stronger.Kept && stronger.Type == candidate.Type && Math.Abs(stronger.Price - candidate.Price) < minSeparation)
                {
                    candidate.Kept = false;
                    break;
                }
            }
            if (candidate.Kept)
            {
                keptCount++;
            }
        }

        var result = new TradingLevel[keptCount];
        var r = 0;
        for (var i = 0; i < _levelCount; i++)
        {
            ref readonly var level = ref _levels[_order[i]];
            if (!level.Kept)
            {
                continue;
            }
            result[r++] = new TradingLevel
            {
                Price = level.Price,
                Type = level.Type,
                TouchCount = level.Touches,
                Strength = level.Strength,
                FirstTouch = window.TimeAt(level.FirstBar),
                LastTouch = window.TimeAt(level.LastBar),
                BaseHeight = double.IsNaN(level.BaseHeight) ? null : level.BaseHeight,
                IsRoundNumber = level.IsRoundNumber,
                InCascade = level.InCascade,
                Sources = level.Sources,
            };
        }
        return result;
    }

    private struct LevelWork
    {
        public double Price;
        public LevelType Type;
        public int Touches;
        public int FirstBar;
        public int LastBar;
        public double Strength;
        public double BaseHeight;
        public bool IsRoundNumber;
        public bool InCascade;
        public bool Kept;
        public LevelSource Sources;
    }
}
