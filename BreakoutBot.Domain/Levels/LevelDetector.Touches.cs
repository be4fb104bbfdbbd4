using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Levels;

/// <summary>Counting a cluster's touches, touch volume and pierces, and finding its first and last touch, over the window.</summary>
public sealed partial class LevelDetector
{
    // The touch and pierce scans below are vectorised: the window is short and the clusters few, so a branch-free pass
    // per cluster beats any search structure (binary searches mispredict on every step).

    /// <summary>
    /// Every cluster's touches, touch volume, pierces and first and last touching bar. Where <see cref="Vector{T}"/> is 256
    /// bits wide, four clusters are counted in one pass over the window (their sums are independent chains, so the pass
    /// is not held up by one sum's latency), which also keeps each lane's first and last touch (so no second search per
    /// level: about 5 % of a detection, ADR-010 "Twenty-second round"); each cluster's lanes, their sum and the bars after
    /// the last whole vector are added in the same order as <see cref="CountTouches"/> adds them, so every volume is the
    /// same to the last bit. A cluster without a touch has first and last bar −1.
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
                // Each lane's first and last touching bar (as doubles: +inf / -1 when none yet).
                var none = Vector256.Create(double.PositiveInfinity);
                var minusOne = Vector256.Create(-1d);
                Vector256<double> f0 = none, f1 = none, f2 = none, f3 = none;
                Vector256<double> z0 = minusOne, z1 = minusOne, z2 = minusOne, z3 = minusOne;
                var index = Vector256.Create(0d, 1d, 2d, 3d);
                var stride = Vector256.Create((double)width);
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
                    f0 = Vector256.MinNative(f0, Vector256.ConditionalSelect(t0, index, none));
                    f1 = Vector256.MinNative(f1, Vector256.ConditionalSelect(t1, index, none));
                    f2 = Vector256.MinNative(f2, Vector256.ConditionalSelect(t2, index, none));
                    f3 = Vector256.MinNative(f3, Vector256.ConditionalSelect(t3, index, none));
                    z0 = Vector256.ConditionalSelect(t0, index, z0);
                    z1 = Vector256.ConditionalSelect(t1, index, z1);
                    z2 = Vector256.ConditionalSelect(t2, index, z2);
                    z3 = Vector256.ConditionalSelect(t3, index, z3);
                    index += stride;
                }
                SpanOfTouches(ref _clusters[k], f0, z0, edges, b, tolerance);
                SpanOfTouches(ref _clusters[k + 1], f1, z1, edges, b, tolerance);
                SpanOfTouches(ref _clusters[k + 2], f2, z2, edges, b, tolerance);
                SpanOfTouches(ref _clusters[k + 3], f3, z3, edges, b, tolerance);
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
            (cluster.FirstBar, cluster.LastBar) = cluster.Touches > 0 ? FirstAndLastTouch(edges, cluster.Price, tolerance) : (-1, -1);
            var line = cluster.Price * pierceFactor;
            cluster.Pierced = pierceSign > 0 ? VectorCounts.Above(close, line) : VectorCounts.Below(close, line);
        }
    }

    /// <summary>A cluster's first and last touching bar from its lanes, then the bars after the last whole vector.</summary>
    private static void SpanOfTouches(ref Cluster cluster, Vector256<double> first, Vector256<double> last, ReadOnlySpan<double> edges, int from, double tolerance)
    {
        var firstBar = double.PositiveInfinity;
        var lastBar = -1d;
        for (var lane = 0; lane < Vector256<double>.Count; lane++)
        {
            firstBar = Math.Min(firstBar, first.GetElement(lane));
            lastBar = Math.Max(lastBar, last.GetElement(lane));
        }
        for (var b = from; b < edges.Length; b++)
        {
            if (Math.Abs(edges[b] - cluster.Price) <= tolerance)
            {
                firstBar = Math.Min(firstBar, b);
                lastBar = b;
            }
        }
        cluster.FirstBar = double.IsPositiveInfinity(firstBar) ? -1 : (int)firstBar;
        cluster.LastBar = (int)lastBar;
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
}
