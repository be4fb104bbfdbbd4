namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// A multiset of at most <c>capacity</c> doubles kept in ascending order, so its median is read in O(1). Inserting and
/// removing a value cost a binary search and one block move; nothing allocates after construction.
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
        if (Count == _values.Length)
        {
            throw new InvalidOperationException("The sorted window is full.");
        }
        var at = Array.BinarySearch(_values, 0, Count, value);
        if (at < 0)
        {
            at = ~at;
        }
        Array.Copy(_values, at, _values, at + 1, Count - at);
        _values[at] = value;
        Count++;
    }

    /// <summary>Removes one occurrence of <paramref name="value"/>; false when it is not held.</summary>
    public bool Remove(double value)
    {
        var at = Array.BinarySearch(_values, 0, Count, value);
        if (at < 0)
        {
            return false;
        }
        Array.Copy(_values, at + 1, _values, at, Count - at - 1);
        Count--;
        return true;
    }

    public void Clear() => Count = 0;
}
