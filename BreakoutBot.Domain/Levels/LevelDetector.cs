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
    private Candidate[] _resistanceMembers = new Candidate[128];
    private double[] _supportPrices = new double[128];
    private Candidate[] _supportMembers = new Candidate[128];
    private double[] _volumeScratch = new double[256];
    private Cluster[] _clusters = new Cluster[64];
    private int[] _pierceBoundaries = new int[65];
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
        MergeAndValidate(window, LevelType.Resistance, _resistancePrices, _resistanceMembers, _resistanceCount, tolerance, meanVolume, options);
        MergeAndValidate(window, LevelType.Support, _supportPrices, _supportMembers, _supportCount, tolerance, meanVolume, options);
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
        CountTouches(isResistance ? window.High : window.Low, window.Volume, clusterCount, tolerance);
        CountPiercingCloses(window.Close, clusterCount, isResistance, options.MaxPiercePct);

        var ticks = window.TimeTicks;
        var n = window.Count;
        for (var k = 0; k < clusterCount; k++)
        {
            ref readonly var cluster = ref _clusters[k];
            if (cluster.Touches < options.MinTouches)
            {
                continue;
            }
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
            _pierceBoundaries = new int[_clusters.Length + 1];
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

    /// <summary>
    /// One pass over the bars: each high (or low) is a touch of every cluster within <paramref name="tolerance"/>,
    /// found by binary search over the sorted cluster prices (a wider bracket, then the exact test).
    /// </summary>
    private void CountTouches(ReadOnlySpan<double> edges, ReadOnlySpan<double> volume, int clusterCount, double tolerance)
    {
        for (var b = 0; b < edges.Length; b++)
        {
            var edge = edges[b];
            var upper = edge + (2 * tolerance);
            for (var k = FirstClusterAtOrAbove(clusterCount, edge - (2 * tolerance)); k < clusterCount && _clusters[k].Price <= upper; k++)
            {
                ref var cluster = ref _clusters[k];
                if (Math.Abs(edge - cluster.Price) <= tolerance)
                {
                    cluster.Touches++;
                    if (cluster.FirstBar < 0)
                    {
                        cluster.FirstBar = b;
                    }
                    cluster.LastBar = b;
                    cluster.TouchVolume += volume[b];
                }
            }
        }
    }

    /// <summary>
    /// Counts, for every cluster, the closes beyond price·(1 ± maxPiercePct). Those lines grow with the price, so a close
    /// pierces a prefix of the resistance clusters (or a suffix of the support clusters); one binary search per bar
    /// finds the boundary and a running sum turns boundaries into counts.
    /// </summary>
    private void CountPiercingCloses(ReadOnlySpan<double> close, int clusterCount, bool isResistance, double maxPiercePct)
    {
        var factor = isResistance ? 1 + maxPiercePct : 1 - maxPiercePct;
        Array.Clear(_pierceBoundaries, 0, clusterCount + 1);
        for (var b = 0; b < close.Length; b++)
        {
            // Boundary = first cluster whose line is >= the close (resistance) or > the close (support).
            var c = close[b];
            var lo = 0;
            var hi = clusterCount;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                var line = _clusters[mid].Price * factor;
                if (isResistance ? line < c : line <= c)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
            _pierceBoundaries[lo]++;
        }
        if (isResistance)
        {
            // Resistance k is pierced by every close whose boundary lies above k.
            var above = 0;
            for (var k = clusterCount - 1; k >= 0; k--)
            {
                above += _pierceBoundaries[k + 1];
                _clusters[k].Pierced = above;
            }
        }
        else
        {
            // Support k is pierced by every close whose boundary is at or below k.
            var atOrBelow = 0;
            for (var k = 0; k < clusterCount; k++)
            {
                atOrBelow += _pierceBoundaries[k];
                _clusters[k].Pierced = atOrBelow;
            }
        }
    }

    private int FirstClusterAtOrAbove(int clusterCount, double price)
    {
        var lo = 0;
        var hi = clusterCount;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_clusters[mid].Price < price)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
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
        public bool Kept;
        public LevelSource Sources;
    }
}
