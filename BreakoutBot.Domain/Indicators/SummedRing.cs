namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// The most recent <see cref="Capacity"/> values (a <see cref="RingBuffer"/>) with their sum kept up to date, for the
/// indicators that read a window's sum (SMA, VWAP, the 24 h quote volume).
/// </summary>
/// <remarks>
/// The running sum is updated by add/subtract with Neumaier compensation, so a huge value leaving the window does
/// not wipe out the small ones that remain (volumes span many orders of magnitude). It is also recomputed from
/// the held values, oldest first, once per lap of the ring, so any drift is bounded by one lap (amortised O(1) per add).
/// </remarks>
public sealed class SummedRing
{
    private readonly RingBuffer _ring;
    private double _sum;
    private double _compensation;
    private int _sinceLap;

    public SummedRing(int capacity) => _ring = new RingBuffer(capacity);

    /// <summary>How many values the ring holds when full.</summary>
    public int Capacity => _ring.Capacity;

    /// <summary>How many values are held now (at most <see cref="Capacity"/>).</summary>
    public int Count => _ring.Count;

    /// <summary>True once <see cref="Capacity"/> values have been added since the last reset.</summary>
    public bool IsFull => _ring.IsFull;

    /// <summary>The sum of the values held now (0 when empty).</summary>
    public double Sum => _sum + _compensation;

    /// <summary>The mean of the values held now, or NaN when empty.</summary>
    public double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>The value <paramref name="ago"/> additions back: 0 is the newest, <see cref="Count"/> − 1 the oldest.</summary>
    public double this[int ago] => _ring[ago];

    /// <summary>Adds a value, evicting the oldest one when the ring is full.</summary>
    public void Add(double value) => Add(value, out _);

    /// <summary>Adds a value. Returns true and the evicted value when the ring was full; false (and 0) otherwise.</summary>
    public bool Add(double value, out double evicted)
    {
        var wasFull = _ring.Add(value, out evicted);
        Accumulate(value);
        if (wasFull)
        {
            Accumulate(-evicted);
        }
        if (++_sinceLap == _ring.Capacity)
        {
            // The ring's write position has come round: the ring is full, its oldest value next to go.
            _sinceLap = 0;
            Resync();
        }
        return wasFull;
    }

    /// <summary>Empties the ring.</summary>
    public void Reset()
    {
        _ring.Reset();
        _sum = 0;
        _compensation = 0;
        _sinceLap = 0;
    }

    private void Resync()
    {
        _sum = 0;
        _compensation = 0;
        // Oldest first, over the ring's array directly (the indexer's checks cost more than the sums, once per lap).
        _ring.OldestFirst(out var older, out var newer);
        foreach (var value in older)
        {
            Accumulate(value);
        }
        foreach (var value in newer)
        {
            Accumulate(value);
        }
    }

    private void Accumulate(double value)
    {
        var total = _sum + value;
        _compensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - total) + value : (value - total) + _sum;
        _sum = total;
    }
}
