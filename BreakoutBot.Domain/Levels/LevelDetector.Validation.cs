using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Levels;

/// <summary>Merging candidates into levels and validating them: touches, first and last touch, pierces, base height.</summary>
public sealed partial class LevelDetector
{
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
        // A close pierces a resistance above price · (1 + max pierce), a support below price · (1 − max pierce); counted
        // with the touches four clusters at a time (as "above" on negated prices for a support: the same comparisons).
        var pierceSign = isResistance ? 1.0 : -1.0;
        var pierceFactor = isResistance ? 1 + options.MaxPiercePct : 1 - options.MaxPiercePct;
        CountAllTouches(edges, volume, close, clusterCount, tolerance, pierceSign, pierceFactor);
        for (var k = 0; k < clusterCount; k++)
        {
            ref var cluster = ref _clusters[k];
            if (cluster.Touches < options.MinTouches)
            {
                continue;
            }
            (cluster.FirstBar, cluster.LastBar) = FirstAndLastTouch(edges, cluster.Price, tolerance);
            if (cluster.Pierced < 0)
            {
                // A cluster the four-at-a-time pass did not cover.
                cluster.Pierced = isResistance
                    ? VectorCounts.Above(close, cluster.Price * pierceFactor)
                    : VectorCounts.Below(close, cluster.Price * pierceFactor);
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
                Sources = cluster.Sources,
            };
        }
    }

    /// <summary>
    /// Groups the candidates while they stay within <paramref name="tolerance"/> of the group's lowest member, without
    /// sorting them: the first anchor is the lowest price, each next one the lowest price more than the tolerance above
    /// the last (a vectorised minimum per group), and a candidate belongs to the last anchor at or below it. The same
    /// groups as sorting and scanning; a group's price is the weighted mean of its members, summed in the order they were
    /// proposed (which, unlike a sort's order among equal prices, does not depend on the sort's implementation). Fills
    /// <see cref="_clusters"/> (prices ascending, strictly increasing) and returns their number.
    /// </summary>
    private int Merge(double[] prices, Candidate[] members, int count, double tolerance)
    {
        if (_clusters.Length < count)
        {
            _clusters = new Cluster[Math.Max(count, _clusters.Length * 2)];
            _weights = new int[_clusters.Length];
            // Room for a last vector of anchors padded with +∞.
            _anchors = new double[_clusters.Length + Vector256<double>.Count];
        }
        var clusterCount = 0;
        for (var next = count > 0 ? Min(prices.AsSpan(0, count)) : double.PositiveInfinity; next < double.PositiveInfinity; next = LowestAbove(prices, count, next, tolerance))
        {
            _anchors[clusterCount] = next;
            _weights[clusterCount] = 0;
            _clusters[clusterCount++] = new Cluster { Price = 0, Sources = LevelSource.None, FirstBar = -1 };
        }
        var width = Vector256<double>.Count;
        var padded = (clusterCount + width - 1) / width * width;
        _anchors.AsSpan(clusterCount, padded - clusterCount).Fill(double.PositiveInfinity);
        ref var anchors = ref MemoryMarshal.GetArrayDataReference(_anchors);
        for (var i = 0; i < count; i++)
        {
            // A candidate's group is the last anchor at or below it: the anchors at or below it, less one (the lowest
            // anchor is the lowest price, so at least one is).
            var price = prices[i];
            var k = -1;
            if (Vector256.IsHardwareAccelerated)
            {
                var priceV = Vector256.Create(price);
                for (var a = 0; a < padded; a += width)
                {
                    k += BitOperations.PopCount(Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref anchors, (nuint)a), priceV).ExtractMostSignificantBits());
                }
            }
            else
            {
                for (var a = 0; a < clusterCount; a++)
                {
                    k += _anchors[a] <= price ? 1 : 0;
                }
            }
            ref var cluster = ref _clusters[k];
            cluster.Price += price * members[i].Weight;
            cluster.Sources |= members[i].Source;
            _weights[k] += members[i].Weight;
        }
        for (var k = 0; k < clusterCount; k++)
        {
            _clusters[k].Price /= _weights[k];
        }
        return clusterCount;
    }

    /// <summary>The lowest price more than <paramref name="tolerance"/> above <paramref name="anchor"/> (as the scan of sorted prices tests it), or +∞.</summary>
    private static double LowestAbove(double[] prices, int count, double anchor, double tolerance)
    {
        var i = 0;
        var lowest = double.PositiveInfinity;
        if (Vector256.IsHardwareAccelerated)
        {
            var width = Vector256<double>.Count;
            ref var start = ref MemoryMarshal.GetArrayDataReference(prices);
            var anchorV = Vector256.Create(anchor);
            var toleranceV = Vector256.Create(tolerance);
            var infinity = Vector256.Create(double.PositiveInfinity);
            var lowestV = infinity;
            for (; i + width <= count; i += width)
            {
                var price = Vector256.LoadUnsafe(ref start, (nuint)i);
                lowestV = Vector256.Min(lowestV, Vector256.ConditionalSelect(Vector256.GreaterThan(price - anchorV, toleranceV), price, infinity));
            }
            for (var lane = 0; lane < width; lane++)
            {
                lowest = Math.Min(lowest, lowestV.GetElement(lane));
            }
        }
        for (; i < count; i++)
        {
            var price = prices[i];
            if (price - anchor > tolerance && price < lowest)
            {
                lowest = price;
            }
        }
        return lowest;
    }

    // The touch and pierce scans below are vectorised: the window is short and the clusters few, so a branch-free pass
    // per cluster beats any search structure (binary searches mispredict on every step).

    /// <summary>
    /// Every cluster's touches and touch volume. Where <see cref="Vector{T}"/> is 256 bits wide, four clusters are counted
    /// in one pass over the window (their sums are independent chains, so the pass is not held up by one sum's latency);
    /// each cluster's lanes, their sum and the bars after the last whole vector are added in the same order as
    /// <see cref="CountTouches"/> adds them, so every volume is the same to the last bit.
    /// </summary>
    private void CountAllTouches(
        ReadOnlySpan<double> edges,
        ReadOnlySpan<double> volume,
        ReadOnlySpan<double> close,
        int clusterCount,
        double tolerance,
        double pierceSign,
        double pierceFactor)
    {
        var k = 0;
        var n = edges.Length;
        var width = Vector256<double>.Count;
        if (Vector256.IsHardwareAccelerated && Vector<double>.Count == width)
        {
            var toleranceV = Vector256.Create(tolerance);
            var signV = Vector256.Create(pierceSign);
            ref var edge = ref MemoryMarshal.GetReference(edges);
            ref var size = ref MemoryMarshal.GetReference(volume);
            ref var closes = ref MemoryMarshal.GetReference(close);
            for (; k + 4 <= clusterCount; k += 4)
            {
                var p0 = Vector256.Create(_clusters[k].Price);
                var p1 = Vector256.Create(_clusters[k + 1].Price);
                var p2 = Vector256.Create(_clusters[k + 2].Price);
                var p3 = Vector256.Create(_clusters[k + 3].Price);
                // The pierce lines, negated for a support so one "above" serves both sides.
                var l0 = Vector256.Create(pierceSign * (_clusters[k].Price * pierceFactor));
                var l1 = Vector256.Create(pierceSign * (_clusters[k + 1].Price * pierceFactor));
                var l2 = Vector256.Create(pierceSign * (_clusters[k + 2].Price * pierceFactor));
                var l3 = Vector256.Create(pierceSign * (_clusters[k + 3].Price * pierceFactor));
                Vector256<long> c0 = default, c1 = default, c2 = default, c3 = default;
                Vector256<long> q0 = default, q1 = default, q2 = default, q3 = default;
                Vector256<double> v0 = default, v1 = default, v2 = default, v3 = default;
                var b = 0;
                for (; b <= n - width; b += width)
                {
                    var e = Vector256.LoadUnsafe(ref edge, (nuint)b);
                    var v = Vector256.LoadUnsafe(ref size, (nuint)b);
                    var c = Vector256.LoadUnsafe(ref closes, (nuint)b) * signV;
                    q0 -= Vector256.GreaterThan(c, l0).AsInt64();
                    q1 -= Vector256.GreaterThan(c, l1).AsInt64();
                    q2 -= Vector256.GreaterThan(c, l2).AsInt64();
                    q3 -= Vector256.GreaterThan(c, l3).AsInt64();
                    var t0 = Vector256.LessThanOrEqual(Vector256.Abs(e - p0), toleranceV);
                    var t1 = Vector256.LessThanOrEqual(Vector256.Abs(e - p1), toleranceV);
                    var t2 = Vector256.LessThanOrEqual(Vector256.Abs(e - p2), toleranceV);
                    var t3 = Vector256.LessThanOrEqual(Vector256.Abs(e - p3), toleranceV);
                    // A touching lane is all ones (−1 as a long): subtracting counts it; its volume is kept by the mask.
                    c0 -= t0.AsInt64();
                    c1 -= t1.AsInt64();
                    c2 -= t2.AsInt64();
                    c3 -= t3.AsInt64();
                    v0 += v & t0;
                    v1 += v & t1;
                    v2 += v & t2;
                    v3 += v & t3;
                }
                FinishTouches(ref _clusters[k], c0, v0, q0, edges, volume, close, b, tolerance, pierceSign, pierceFactor);
                FinishTouches(ref _clusters[k + 1], c1, v1, q1, edges, volume, close, b, tolerance, pierceSign, pierceFactor);
                FinishTouches(ref _clusters[k + 2], c2, v2, q2, edges, volume, close, b, tolerance, pierceSign, pierceFactor);
                FinishTouches(ref _clusters[k + 3], c3, v3, q3, edges, volume, close, b, tolerance, pierceSign, pierceFactor);
            }
        }
        for (; k < clusterCount; k++)
        {
            ref var cluster = ref _clusters[k];
            (cluster.Touches, cluster.TouchVolume) = CountTouches(edges, volume, cluster.Price, tolerance);
            // Counted by the caller if the cluster has enough touches.
            cluster.Pierced = -1;
        }
    }

    /// <summary>A cluster's counts from its lanes, then the bars after the last whole vector one by one.</summary>
    private static void FinishTouches(
        ref Cluster cluster,
        Vector256<long> counts,
        Vector256<double> volumes,
        Vector256<long> pierces,
        ReadOnlySpan<double> edges,
        ReadOnlySpan<double> volume,
        ReadOnlySpan<double> close,
        int from,
        double tolerance,
        double pierceSign,
        double pierceFactor)
    {
        (cluster.Touches, cluster.TouchVolume) = AddTail(edges, volume, from, cluster.Price, tolerance, (int)Vector256.Sum(counts), Vector.Sum(volumes.AsVector()));
        var pierced = (int)Vector256.Sum(pierces);
        var line = pierceSign * (cluster.Price * pierceFactor);
        for (var b = from; b < close.Length; b++)
        {
            pierced += pierceSign * close[b] > line ? 1 : 0;
        }
        cluster.Pierced = pierced;
    }

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
        return AddTail(edges, volume, b, price, tolerance, (int)Vector.Sum(countV), Vector.Sum(volumeV));
    }

    /// <summary>The touches and volume counted so far plus those of the bars from <paramref name="from"/> on, one by one.</summary>
    // Inlined: called as a separate method it cost about 2 % of a detection (measured on 4,616 real windows).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Touches, double Volume) AddTail(ReadOnlySpan<double> edges, ReadOnlySpan<double> volume, int from, double price, double tolerance, int touches, double total)
    {
        for (var b = from; b < edges.Length; b++)
        {
            if (Math.Abs(edges[b] - price) <= tolerance)
            {
                touches++;
                total += volume[b];
            }
        }
        return (touches, total);
    }

    /// <summary>
    /// The first and last bar whose edge is within <paramref name="tolerance"/> of <paramref name="price"/>; the caller has
    /// counted at least one touch. Searched four bars at a time from each end where the hardware has 256-bit vectors
    /// (the first touch is often deep in the window), one at a time otherwise; the same bars either way.
    /// </summary>
    private static (int First, int Last) FirstAndLastTouch(ReadOnlySpan<double> edges, double price, double tolerance)
    {
        var n = edges.Length;
        var width = Vector256<double>.Count;
        if (!Vector256.IsHardwareAccelerated || n < width)
        {
            var first = 0;
            while (Math.Abs(edges[first] - price) > tolerance)
            {
                first++;
            }
            var last = n - 1;
            while (Math.Abs(edges[last] - price) > tolerance)
            {
                last--;
            }
            return (first, last);
        }
        var priceV = Vector256.Create(price);
        var toleranceV = Vector256.Create(tolerance);
        ref var start = ref MemoryMarshal.GetReference(edges);
        var firstTouch = -1;
        // A block that would run past an end is moved back to end there (it overlaps the one before it).
        for (var b = 0; b < n; b += width)
        {
            var at = Math.Min(b, n - width);
            var mask = TouchMask(ref start, at, priceV, toleranceV);
            if (mask != 0)
            {
                firstTouch = at + BitOperations.TrailingZeroCount(mask);
                break;
            }
        }
        var lastTouch = -1;
        for (var b = n - width; b > -width; b -= width)
        {
            var at = Math.Max(b, 0);
            var mask = TouchMask(ref start, at, priceV, toleranceV);
            if (mask != 0)
            {
                lastTouch = at + 31 - BitOperations.LeadingZeroCount(mask);
                break;
            }
        }
        return (firstTouch, lastTouch);
    }

    private static uint TouchMask(ref double start, int at, Vector256<double> price, Vector256<double> tolerance) =>
        Vector256.LessThanOrEqual(Vector256.Abs(Vector256.LoadUnsafe(ref start, (nuint)at) - price), tolerance).ExtractMostSignificantBits();

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
}
