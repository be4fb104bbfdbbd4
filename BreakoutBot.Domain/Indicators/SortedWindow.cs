using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// A multiset of at most <c>capacity</c> doubles kept in ascending order, so its median is read in O(1). Inserting and
/// removing a value shift the values after it by one (plain loops: the windows are a few dozen values, where this beats
/// a binary search and a block move); nothing allocates after construction.
/// </summary>
public sealed class SortedWindow
{
    private readonly double[] _values;

    public SortedWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _values = new double[capacity];
    }

    public int Count { get; private set; }

    /// <summary>The values held, in ascending order.</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    /// <summary>The middle value, or the mean of the two middle values for an even count; NaN when empty.</summary>
    public double Median
    {
        get
        {
            if (Count == 0)
            {
                return double.NaN;
            }
            var middle = Count / 2;
            return Count % 2 == 1 ? _values[middle] : (_values[middle - 1] + _values[middle]) / 2;
        }
    }

    public void Insert(double value)
    {
        var v = _values;
        if (Count == v.Length)
        {
            throw new InvalidOperationException("The sorted window is full.");
        }
        var i = Count - 1;
        while (i >= 0 && v[i] > value)
        {
            v[i + 1] = v[i];
            i--;
        }
        v[i + 1] = value;
        Count++;
    }

    /// <summary>Removes one occurrence of <paramref name="value"/>; false when it is not held.</summary>
    public bool Remove(double value)
    {
        var v = _values;
        var at = 0;
        while (at < Count && v[at] != value)
        {
            at++;
        }
        if (at == Count)
        {
            return false;
        }
        for (var i = at + 1; i < Count; i++)
        {
            v[i - 1] = v[i];
        }
        Count--;
        return true;
    }

    /// <summary>
    /// Removes one occurrence of <paramref name="leaving"/> and inserts <paramref name="arriving"/> in one pass: only the
    /// values between the two positions move (a sliding window's usual step). The window holds the same values as after
    /// <see cref="Remove"/> then <see cref="Insert"/>; false, and nothing changed, when <paramref name="leaving"/> is not held.
    /// </summary>
    public bool Replace(double leaving, double arriving)
    {
        // Positions by counting (no data-dependent branch: volumes arrive in random order, so a scan's exit mispredicts).
        var v = _values.AsSpan(0, Count);
        var below = VectorCounts.Below(v, leaving);
        var notAbove = VectorCounts.AtOrBelow(v, arriving);
        if (below == v.Length || v[below] != leaving)
        {
            return false;
        }
        // The first occurrence of the leaving value is at `below`; the arriving value goes after every remaining value
        // at or below it (as Insert places it), counted without the leaving one. The values between move by one.
        var at = below;
        var to = leaving <= arriving ? notAbove - 1 : notAbove;
        if (at < to)
        {
            v.Slice(at + 1, to - at).CopyTo(v.Slice(at));
        }
        else if (at > to)
        {
            v.Slice(to, at - to).CopyTo(v.Slice(to + 1));
        }
        v[to] = arriving;
        return true;
    }

    public void Clear() => Count = 0;
}
