using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BreakoutBot.Domain.Levels;

/// <summary>Merging candidates into levels and validating them (strength from touches, span, volume and pierces), base height.</summary>
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
                lowestV = Vector256.MinNative(lowestV, Vector256.ConditionalSelect(Vector256.GreaterThan(price - anchorV, toleranceV), price, infinity));
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
