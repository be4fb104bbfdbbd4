namespace BreakoutBot.Domain.Common;

/// <summary>
/// Order statistics by selection instead of a full sort (the level detector's volume percentile, the momentum signal's
/// median volume): the same values a sort gives, since an order statistic is a value, whatever finds it. The values
/// must be numbers (no NaN), which a sort would place but a selection cannot.
/// </summary>
public static class OrderStatistics
{
    /// <summary>Ranges this short are finished by an insertion sort.</summary>
    private const int SortBelow = 16;

    /// <summary>
    /// The <paramref name="k"/>-th smallest value (0-based), reordering <paramref name="values"/> so that every value left of
    /// <paramref name="k"/> is at most it and every value right of it at least it. The partitions move values without
    /// data-dependent branches (a comparison only decides how far the boundary moves), because volumes arrive in no order
    /// and a branch on each comparison mispredicts about every other time. When the k-th is not below the pivot, the values
    /// equal to it are set apart too, so runs of equal values (zero-volume bars) end the search.
    /// </summary>
    public static double Select(Span<double> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        var lo = 0;
        var hi = values.Length;
        while (hi - lo > SortBelow)
        {
            var pivot = MedianOfThree(values[lo], values[(lo + hi) >>> 1], values[hi - 1]);
            var below = Partition(values, lo, hi, pivot, equal: false);
            if (k < below)
            {
                hi = below;
                continue;
            }
            var atPivot = Partition(values, below, hi, pivot, equal: true);
            if (k < atPivot)
            {
                return pivot;
            }
            lo = atPivot;
        }
        for (var i = lo + 1; i < hi; i++)
        {
            var value = values[i];
            var j = i - 1;
            while (j >= lo && values[j] > value)
            {
                values[j + 1] = values[j];
                j--;
            }
            values[j + 1] = value;
        }
        return values[k];
    }

    /// <summary>
    /// The median of <paramref name="values"/> (the mean of the two middle values for an even count; NaN when empty),
    /// selected in <paramref name="scratch"/>, which must be at least as long.
    /// </summary>
    public static double Median(ReadOnlySpan<double> values, Span<double> scratch)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }
        var copy = scratch[..values.Length];
        values.CopyTo(copy);
        var mid = copy.Length / 2;
        var upper = Select(copy, mid);
        if (copy.Length % 2 == 1)
        {
            return upper;
        }
        // Every value left of the middle is at most the upper middle value: the lower one is their largest.
        var lower = copy[0];
        for (var i = 1; i < mid; i++)
        {
            lower = Math.Max(lower, copy[i]);
        }
        return (lower + upper) / 2d;
    }

    /// <summary>
    /// Moves the values of [<paramref name="lo"/>, <paramref name="hi"/>) below <paramref name="pivot"/> (or equal to it)
    /// to the front of the range and returns where they end; every value is swapped, the comparison only moves the end.
    /// </summary>
    private static int Partition(Span<double> values, int lo, int hi, double pivot, bool equal)
    {
        var end = lo;
        for (var i = lo; i < hi; i++)
        {
            var value = values[i];
            values[i] = values[end];
            values[end] = value;
            end += (equal ? value == pivot : value < pivot) ? 1 : 0;
        }
        return end;
    }

    private static double MedianOfThree(double a, double b, double c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
