using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Signals;

/// <summary>Small statistics over spans, allocation-free (the windows are at most a few dozen bars).</summary>
public static class SignalMath
{
    /// <summary>The middle value, or the mean of the two middle values for an even count; NaN when empty.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }
        Span<double> copy = values.Length <= 256 ? stackalloc double[values.Length] : new double[values.Length];
        if (!ContainsNaN(values))
        {
            // Selected, not sorted (the same values: order statistics are values).
            return OrderStatistics.Median(values, copy);
        }
        // A NaN where the sort puts it (first), as before.
        values.CopyTo(copy);
        copy.Sort();
        var mid = copy.Length / 2;
        return copy.Length % 2 == 1 ? copy[mid] : (copy[mid - 1] + copy[mid]) / 2d;
    }

    private static bool ContainsNaN(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                return true;
            }
        }
        return false;
    }

    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }
        var sum = 0d;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum / values.Length;
    }

    public static double Min(ReadOnlySpan<double> values)
    {
        var m = double.PositiveInfinity;
        foreach (var v in values)
        {
            if (v < m)
            {
                m = v;
            }
        }
        return m;
    }

    public static double Max(ReadOnlySpan<double> values)
    {
        var m = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (v > m)
            {
                m = v;
            }
        }
        return m;
    }

    public static double Clip(double v, double lo, double hi) => v < lo ? lo : v > hi ? hi : v;
}
