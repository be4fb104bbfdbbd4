namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// A fixed-capacity ring of doubles holding the most recent <see cref="Capacity"/> values. Indexing counts back from
/// the newest value: <c>this[0]</c> is the newest, <c>this[Count - 1]</c> the oldest. Adding never allocates; once
/// full, each add evicts the oldest value. Indicators that keep their own moments (Bollinger, correlation) hold their
/// values here; <see cref="SummedRing"/> adds a running sum for those that need one.
/// </summary>
public sealed class RingBuffer
{
    private readonly double[] _items;
    private int _next;
    private int _count;

    public RingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new double[capacity];
    }

    /// <summary>How many values the ring holds when full.</summary>
    public int Capacity => _items.Length;

    /// <summary>How many values are held now (at most <see cref="Capacity"/>).</summary>
    public int Count => _count;

    /// <summary>True once <see cref="Capacity"/> values have been added since the last reset.</summary>
    public bool IsFull => _count == _items.Length;

    /// <summary>The newest value. Throws when empty.</summary>
    public double Newest => this[0];

    /// <summary>The oldest value held (the next to be evicted once full). Throws when empty.</summary>
    public double Oldest => this[_count - 1];

    /// <summary>The value <paramref name="ago"/> additions back: 0 is the newest, <see cref="Count"/> − 1 the oldest.</summary>
    public double this[int ago]
    {
        get
        {
            if ((uint)ago >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(ago), ago, $"Index must be in [0, {_count}) counting back from the newest value.");
            }
            var index = _next - 1 - ago;
            if (index < 0)
            {
                index += _items.Length;
            }
            return _items[index];
        }
    }

    /// <summary>Adds a value, evicting the oldest one when the ring is full.</summary>
    public void Add(double value) => Add(value, out _);

    /// <summary>
    /// Adds a value. Returns true and the evicted value when the ring was full; false (and 0) otherwise.
    /// </summary>
    public bool Add(double value, out double evicted)
    {
        var wasFull = _count == _items.Length;
        evicted = wasFull ? _items[_next] : 0d;
        _items[_next] = value;
        if (!wasFull)
        {
            _count++;
        }
        _next++;
        if (_next == _items.Length)
        {
            _next = 0;
        }
        return wasFull;
    }

    /// <summary>Copies the held values into <paramref name="destination"/>, oldest first. Returns how many were copied.</summary>
    public int CopyTo(Span<double> destination)
    {
        if (destination.Length < _count)
        {
            throw new ArgumentException($"Destination holds {destination.Length} values but the ring holds {_count}.", nameof(destination));
        }
        var start = _next - _count;
        if (start >= 0)
        {
            _items.AsSpan(start, _count).CopyTo(destination);
        }
        else
        {
            var tail = -start;
            _items.AsSpan(_items.Length - tail, tail).CopyTo(destination);
            _items.AsSpan(0, _next).CopyTo(destination[tail..]);
        }
        return _count;
    }

    /// <summary>The values held, oldest first, as the older run (to the end of the array) and the newer one (from its start).</summary>
    public void OldestFirst(out ReadOnlySpan<double> older, out ReadOnlySpan<double> newer)
    {
        var start = _next - _count;
        if (start >= 0)
        {
            older = _items.AsSpan(start, _count);
            newer = [];
        }
        else
        {
            older = _items.AsSpan(_items.Length + start, -start);
            newer = _items.AsSpan(0, _next);
        }
    }

    /// <summary>Empties the ring.</summary>
    public void Reset()
    {
        _next = 0;
        _count = 0;
    }
}
