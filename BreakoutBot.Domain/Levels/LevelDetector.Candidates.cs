using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Levels;

/// <summary>The detector's candidates: Donchian values, fractal swings and high-volume bars, kept per type in scratch arrays.</summary>
public sealed partial class LevelDetector
{
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
            var bars = n - start;
            if (Vector256.IsHardwareAccelerated && bars >= Vector256<double>.Count && 2 * bars <= _channel.Length)
            {
                ChannelExtremes(high, low, period, start);
                for (var i = 0; i < bars; i++)
                {
                    AddResistance(_channel[i], LevelSource.Donchian);
                    AddSupport(_channel[bars + i], LevelSource.Donchian);
                }
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
    /// The channel's upper and lower values of bars start..n−1 into <see cref="_channel"/> (the uppers, then the lowers),
    /// four bars at a time: each lane is the highest high (lowest low) of its bar's period. A last block that would run
    /// past the window is moved back to end there. Maxima and minima are exact, so the values are those of the sliding
    /// loop.
    /// </summary>
    private void ChannelExtremes(ReadOnlySpan<double> high, ReadOnlySpan<double> low, int period, int start)
    {
        var bars = high.Length - start;
        var width = Vector256<double>.Count;
        ref var highs = ref MemoryMarshal.GetReference(high);
        ref var lows = ref MemoryMarshal.GetReference(low);
        ref var channel = ref MemoryMarshal.GetArrayDataReference(_channel);
        for (var b = 0; b < bars; b += width)
        {
            var at = Math.Min(b, bars - width);
            var from = (nuint)(start + at - period + 1);
            var upper = Vector256.LoadUnsafe(ref highs, from);
            var lower = Vector256.LoadUnsafe(ref lows, from);
            for (var d = 1; d < period; d++)
            {
                upper = Vector256.MaxNative(upper, Vector256.LoadUnsafe(ref highs, from + (nuint)d));
                lower = Vector256.MinNative(lower, Vector256.LoadUnsafe(ref lows, from + (nuint)d));
            }
            upper.StoreUnsafe(ref channel, (nuint)at);
            lower.StoreUnsafe(ref channel, (nuint)(bars + at));
        }
    }

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

    /// <summary>
    /// Strict fractal swings: a bar whose high is above the highs of its <see cref="LevelDetectorOptions.SwingLeft"/> and
    /// <see cref="LevelDetectorOptions.SwingRight"/> neighbours (a low below theirs). Four bars at a time where the
    /// hardware has 256-bit vectors, the rest one at a time; the candidates come in bar order either way.
    /// </summary>
    private void AddSwingCandidates(ReadOnlySpan<double> high, ReadOnlySpan<double> low, LevelDetectorOptions options)
    {
        var left = options.SwingLeft;
        var right = options.SwingRight;
        var end = high.Length - right;
        var i = left;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var highs = ref MemoryMarshal.GetReference(high);
            ref var lows = ref MemoryMarshal.GetReference(low);
            for (; i + Vector256<double>.Count <= end; i += Vector256<double>.Count)
            {
                var h = Vector256.LoadUnsafe(ref highs, (nuint)i);
                var l = Vector256.LoadUnsafe(ref lows, (nuint)i);
                var isHigh = Vector256<double>.AllBitsSet;
                var isLow = Vector256<double>.AllBitsSet;
                for (var d = -left; d <= right; d++)
                {
                    if (d != 0)
                    {
                        isHigh &= Vector256.LessThan(Vector256.LoadUnsafe(ref highs, (nuint)(i + d)), h);
                        isLow &= Vector256.GreaterThan(Vector256.LoadUnsafe(ref lows, (nuint)(i + d)), l);
                    }
                }
                // Each mask's bits in bar order: the same candidates, in the same order, as the loop below.
                for (var bits = isHigh.ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
                {
                    AddResistance(high[i + BitOperations.TrailingZeroCount(bits)], LevelSource.Swing);
                }
                for (var bits = isLow.ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
                {
                    AddSupport(low[i + BitOperations.TrailingZeroCount(bits)], LevelSource.Swing);
                }
            }
        }
        for (; i < end; i++)
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
        var lowerValue = OrderStatistics.Select(_volumeScratch.AsSpan(0, n), lowerRank);
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
}
