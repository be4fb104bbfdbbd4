using System.Numerics;
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
/// <item>Separation: by base strength descending (ties: more touches, then lower price), a level closer than
/// <see cref="LevelDetectorOptions.MinLevelSeparationAtr"/>·ATR to an already kept level of the same type is dropped.</item>
/// <item>Bonuses on the kept levels, as the original's <c>enhance_level_scoring</c> applies them to detected levels: a
/// round-number bonus min(0.3, 0.1 + 0.05·log10(step + 1)) for the largest eligible step (see
/// <see cref="LevelDetectorOptions.RoundMinStepToPrice"/>) when <see cref="LevelDetectorOptions.PreferRoundNumbers"/>,
/// and a cascade bonus min(0.2, 0.05·n) when n ≥ <see cref="LevelDetectorOptions.CascadeMinLevels"/> kept levels of
/// either type (this one included) lie within the cascade radius. Strength is capped at 1.</item>
/// <item>Output: by final strength descending, same tie-breaks.</item>
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

    private LevelDetectorOptions? _validated;
    private double[] _resistancePrices = new double[128];
    private Candidate[] _resistanceMembers = new Candidate[128];
    private double[] _supportPrices = new double[128];
    private Candidate[] _supportMembers = new Candidate[128];
    private double[] _volumeScratch = new double[256];
    private Cluster[] _clusters = new Cluster[64];
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
        if (!ReferenceEquals(options, _validated))
        {
            // Options are immutable: checked once, not on every bar.
            options.Validate();
            _validated = options;
        }

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
        MergeAndValidate(window, LevelType.Resistance, _resistancePrices, _resistanceMembers, _resistanceCount, tolerance, meanVolume, options);
        MergeAndValidate(window, LevelType.Support, _supportPrices, _supportMembers, _supportCount, tolerance, meanVolume, options);
        if (_levelCount == 0)
        {
            return [];
        }

        for (var i = 0; i < _levelCount; i++)
        {
            _order[i] = i;
        }
        SortByStrength(_levelCount);
        var kept = Separate(options.MinLevelSeparationAtr * atr);
        ApplyBonuses(kept, options);
        SortByStrength(kept);
        return BuildResult(window, kept);
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
            _resistanceMembers = new Candidate[size];
            _supportPrices = new double[size];
            _supportMembers = new Candidate[size];
        }
    }

    private void AddResistance(double price, LevelSource source) =>
        Add(_resistancePrices, _resistanceMembers, ref _resistanceCount, price, source);

    private void AddSupport(double price, LevelSource source) =>
        Add(_supportPrices, _supportMembers, ref _supportCount, price, source);

    /// <summary>
    /// Appends a candidate; a repeat of the previous candidate (typically the same Donchian value on consecutive bars)
    /// raises that entry's weight instead, which keeps the merge mean identical while sorting fewer entries.
    /// </summary>
    private static void Add(double[] prices, Candidate[] members, ref int count, double price, LevelSource source)
    {
        if (count > 0 && prices[count - 1] == price && members[count - 1].Source == source)
        {
            members[count - 1].Weight++;
            return;
        }
        prices[count] = price;
        members[count] = new Candidate(source, 1);
        count++;
    }

    private void AddDonchianCandidates(ReadOnlySpan<double> high, ReadOnlySpan<double> low, LevelDetectorOptions options)
    {
        var n = high.Length;
        var firstBar = Math.Max(0, n - options.DonchianLookbackBars);
        var periods = options.DonchianPeriods;
        for (var p = 0; p < periods.Count; p++)
        {
            var period = periods[p];
            var start = Math.Max(firstBar, period - 1);
            if (start >= n)
            {
                continue;
            }
            var upper = Max(high[(start - period + 1)..(start + 1)]);
            var lower = Min(low[(start - period + 1)..(start + 1)]);
            AddResistance(upper, LevelSource.Donchian);
            AddSupport(lower, LevelSource.Donchian);
            for (var i = start + 1; i < n; i++)
            {
                // Slide the channel one bar: recompute only when the bar leaving it held the extreme.
                var leaving = i - period;
                upper = high[i] >= upper ? high[i] : high[leaving] == upper ? Max(high[(leaving + 1)..(i + 1)]) : upper;
                lower = low[i] <= lower ? low[i] : low[leaving] == lower ? Min(low[(leaving + 1)..(i + 1)]) : lower;
                AddResistance(upper, LevelSource.Donchian);
                AddSupport(lower, LevelSource.Donchian);
            }
        }
    }

    /// <summary>
    /// Partially orders the first <paramref name="count"/> values so that position <paramref name="k"/> holds the k-th
    /// smallest, smaller-or-equal values sit left of it and greater-or-equal values right of it (Hoare selection).
    /// </summary>
    private static double Select(double[] values, int count, int k)
    {
        var left = 0;
        var right = count - 1;
        while (left < right)
        {
            var pivot = MedianOfThree(values[left], values[(left + right) >>> 1], values[right]);
            var i = left;
            var j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }
                while (values[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                break;
            }
        }
        return values[k];
    }

    private static double MedianOfThree(double a, double b, double c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    private static double Max(ReadOnlySpan<double> values)
    {
        var max = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > max)
            {
                max = values[i];
            }
        }
        return max;
    }

    private static double Min(ReadOnlySpan<double> values)
    {
        var min = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < min)
            {
                min = values[i];
            }
        }
        return min;
    }

    private void AddSwingCandidates(ReadOnlySpan<double> high, ReadOnlySpan<double> low, LevelDetectorOptions options)
    {
        var left = options.SwingLeft;
        var right = options.SwingRight;
        for (var i = left; i < high.Length - right; i++)
        {
            // Non-short-circuit & keeps this loop free of data-dependent branches.
            var isHigh = true;
            var isLow = true;
            for (var j = i - left; j < i; j++)
            {
                isHigh &= high[j] < high[i];
                isLow &= low[j] > low[i];
            }
            for (var j = i + 1; j <= i + right; j++)
            {
                isHigh &= high[j] < high[i];
                isLow &= low[j] > low[i];
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

        // Linear interpolation between closest ranks, as numpy's default percentile.
        var rank = options.VolumePercentile * (n - 1);
        var lowerRank = (int)Math.Floor(rank);
        var lowerValue = Select(_volumeScratch, n, lowerRank);
        var upperValue = lowerValue;
        if (lowerRank + 1 < n)
        {
            // After the selection every value right of lowerRank is >= it, so the next order statistic is their minimum.
            upperValue = Min(_volumeScratch.AsSpan(lowerRank + 1, n - lowerRank - 1));
        }
        var threshold = lowerValue + ((upperValue - lowerValue) * (rank - lowerRank));

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
        Candidate[] members,
        int count,
        double tolerance,
        double meanVolume,
        LevelDetectorOptions options)
    {
        var clusterCount = Merge(prices, members, count, tolerance);
        if (clusterCount == 0)
        {
            return;
        }
        var isResistance = type == LevelType.Resistance;
        var edges = isResistance ? window.High : window.Low;
        var volume = window.Volume;
        var close = window.Close;
        var ticks = window.TimeTicks;
        var n = window.Count;
        for (var k = 0; k < clusterCount; k++)
        {
            ref var cluster = ref _clusters[k];
            (cluster.Touches, cluster.TouchVolume) = CountTouches(edges, volume, cluster.Price, tolerance);
            if (cluster.Touches < options.MinTouches)
            {
                continue;
            }
            (cluster.FirstBar, cluster.LastBar) = FirstAndLastTouch(edges, cluster.Price, tolerance);
            cluster.Pierced = isResistance
                ? CountAbove(close, cluster.Price * (1 + options.MaxPiercePct))
                : CountBelow(close, cluster.Price * (1 - options.MaxPiercePct));

            var spanHours = (double)(ticks[cluster.LastBar] - ticks[cluster.FirstBar]) / TimeSpan.TicksPerHour;
            var volumeRatio = meanVolume > 0 ? cluster.TouchVolume / cluster.Touches / meanVolume : 0.0;
            var piercePenalty = Math.Min(1.0, PiercePenaltyFactor * cluster.Pierced / n);
            var strength = (TouchWeight * Math.Min(1.0, cluster.Touches / TouchesForFullScore))
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
                Price = cluster.Price,
                Type = type,
                Touches = cluster.Touches,
                FirstBar = cluster.FirstBar,
                LastBar = cluster.LastBar,
                Strength = Math.Clamp(strength, 0.0, 1.0),
                BaseHeight = BaseHeight(window, cluster.Price, isResistance, options),
                Sources = cluster.Sources,
            };
        }
    }

    /// <summary>
    /// Sorts the candidates and groups them while they stay within <paramref name="tolerance"/> of the group's lowest
    /// member; fills <see cref="_clusters"/> (prices ascending, strictly increasing) and returns their number.
    /// </summary>
    private int Merge(double[] prices, Candidate[] members, int count, double tolerance)
    {
        Array.Sort(prices, members, 0, count);
        if (_clusters.Length < count)
        {
            _clusters = new Cluster[Math.Max(count, _clusters.Length * 2)];
        }
        var clusterCount = 0;
        var i = 0;
        while (i < count)
        {
            var anchor = prices[i];
            var sum = 0.0;
            var weight = 0;
            var merged = LevelSource.None;
            var j = i;
            while (j < count && prices[j] - anchor <= tolerance)
            {
                sum += prices[j] * members[j].Weight;
                weight += members[j].Weight;
                merged |= members[j].Source;
                j++;
            }
            _clusters[clusterCount++] = new Cluster { Price = sum / weight, Sources = merged, FirstBar = -1 };
            i = j;
        }
        return clusterCount;
    }

    // The touch and pierce scans below are vectorised: the window is short and the clusters few, so a branch-free pass
    // per cluster beats any search structure (binary searches mispredict on every step).

    /// <summary>Number of edges within <paramref name="tolerance"/> of <paramref name="price"/> and their total volume.</summary>
    private static (int Touches, double Volume) CountTouches(ReadOnlySpan<double> edges, ReadOnlySpan<double> volume, double price, double tolerance)
    {
        var width = Vector<double>.Count;
        var priceV = new Vector<double>(price);
        var toleranceV = new Vector<double>(tolerance);
        var countV = Vector<double>.Zero;
        var volumeV = Vector<double>.Zero;
        var b = 0;
        for (; b <= edges.Length - width; b += width)
        {
            var touch = Vector.LessThanOrEqual(Vector.Abs(new Vector<double>(edges[b..]) - priceV), toleranceV);
            countV += Vector.ConditionalSelect(touch, Vector<double>.One, Vector<double>.Zero);
            volumeV += Vector.ConditionalSelect(touch, new Vector<double>(volume[b..]), Vector<double>.Zero);
        }
        var count = (int)Vector.Sum(countV);
        var total = Vector.Sum(volumeV);
        for (; b < edges.Length; b++)
        {
            if (Math.Abs(edges[b] - price) <= tolerance)
            {
                count++;
                total += volume[b];
            }
        }
        return (count, total);
    }

    private static (int First, int Last) FirstAndLastTouch(ReadOnlySpan<double> edges, double price, double tolerance)
    {
        var first = 0;
        while (Math.Abs(edges[first] - price) > tolerance)
        {
            first++;
        }
        var last = edges.Length - 1;
        while (Math.Abs(edges[last] - price) > tolerance)
        {
            last--;
        }
        return (first, last);
    }

    private static int CountAbove(ReadOnlySpan<double> values, double line)
    {
        var width = Vector<double>.Count;
        var lineV = new Vector<double>(line);
        var countV = Vector<long>.Zero;
        var i = 0;
        for (; i <= values.Length - width; i += width)
        {
            countV -= Vector.GreaterThan(new Vector<double>(values[i..]), lineV);
        }
        var count = (int)Vector.Sum(countV);
        for (; i < values.Length; i++)
        {
            if (values[i] > line)
            {
                count++;
            }
        }
        return count;
    }

    private static int CountBelow(ReadOnlySpan<double> values, double line)
    {
        var width = Vector<double>.Count;
        var lineV = new Vector<double>(line);
        var countV = Vector<long>.Zero;
        var i = 0;
        for (; i <= values.Length - width; i += width)
        {
            countV -= Vector.LessThan(new Vector<double>(values[i..]), lineV);
        }
        var count = (int)Vector.Sum(countV);
        for (; i < values.Length; i++)
        {
            if (values[i] < line)
            {
                count++;
            }
        }
        return count;
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

    /// <summary>Round-number and cascade bonuses for the kept levels (<see cref="_order"/>[0..count)).</summary>
    private void ApplyBonuses(int count, LevelDetectorOptions options)
    {
        var radiusFraction = options.CascadeRadiusBps / 10_000.0;
        for (var i = 0; i < count; i++)
        {
            ref var level = ref _levels[_order[i]];
            var roundStep = LargestRoundStep(level.Price, options);
            level.IsRoundNumber = roundStep > 0;
            var bonus = 0.0;
            if (level.IsRoundNumber && options.PreferRoundNumbers)
            {
                bonus += Math.Min(RoundBonusMax, RoundBonusBase + (RoundBonusLogFactor * Math.Log10(roundStep + 1)));
            }

            var radius = level.Price * radiusFraction;
            var neighbours = 0;
            for (var j = 0; j < count; j++)
            {
                if (Math.Abs(_levels[_order[j]].Price - level.Price) <= radius)
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

    /// <summary>
    /// Insertion sort of <see cref="_order"/>[0..count) (few levels): strength desc, then touches desc, then price asc.
    /// </summary>
    private void SortByStrength(int count)
    {
        for (var i = 1; i < count; i++)
        {
            var current = _order[i];
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

    /// <summary>
    /// Walks the levels strongest first and keeps one only when no kept level of the same type is closer than
    /// <paramref name="minSeparation"/>; compacts the kept indices to the front of <see cref="_order"/> and returns
    /// their number.
    /// </summary>
    private int Separate(double minSeparation)
    {
        var kept = 0;
        for (var i = 0; i < _levelCount; i++)
        {
            var index = _order[i];
            ref readonly var candidate = ref _levels[index];
            var keep = true;
            for (var k = 0; k < kept && keep; k++)
            {
                ref readonly var stronger = ref _levels[_order[k]];
                keep = stronger.Type != candidate.Type || Math.Abs(stronger.Price - candidate.Price) >= minSeparation;
            }
            if (keep)
            {
                _order[kept++] = index;
            }
        }
        return kept;
    }

    private TradingLevel[] BuildResult(CandleWindow window, int count)
    {
        var result = new TradingLevel[count];
        for (var i = 0; i < count; i++)
        {
            ref readonly var level = ref _levels[_order[i]];
            result[i] = new TradingLevel
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

    private record struct Candidate(LevelSource Source, int Weight);

    private struct Cluster
    {
        public double Price;
        public LevelSource Sources;
        public int Touches;
        public int FirstBar;
        public int LastBar;
        public double TouchVolume;
        public int Pierced;
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
        public LevelSource Sources;
    }
}
