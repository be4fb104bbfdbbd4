namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Maximum and minimum of the last <see cref="Period"/> values, kept with two monotonic deques (amortised O(1)
/// per update, no allocation after construction). <see cref="Max"/> and <see cref="Min"/> cover the values seen
/// so far during warm-up and are NaN before the first value.
/// </summary>
public sealed class RollingMinMax
{
    private readonly MonotonicDeque _max;
    private readonly MonotonicDeque _min;
    private long _sequence;

    public RollingMinMax(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
        _max = new MonotonicDeque(period, keepLargest: true);
        _min = new MonotonicDeque(period, keepLargest: false);
    }

    public int Period { get; }

    /// <summary>Values fed since construction or the last reset (not capped at <see cref="Period"/>).</summary>
    public long Count => _sequence;

    /// <summary>True once <see cref="Period"/> values have been fed.</summary>
    public bool IsReady => _sequence >= Period;

    /// <summary>Largest value in the window.</summary>
    public double Max => _max.Front;

    /// <summary>Smallest value in the window.</summary>
    public double Min => _min.Front;

    /// <summary>How many values back from the newest the maximum lies (0 = newest; the newest of equal maxima); -1 when empty.</summary>
    public int MaxAgo => _sequence == 0 ? -1 : (int)(_sequence - 1 - _max.FrontSequence);

    /// <summary>How many values back from the newest the minimum lies (0 = newest); -1 when empty.</summary>
    public int MinAgo => _sequence == 0 ? -1 : (int)(_sequence - 1 - _min.FrontSequence);

    /// <summary>Feeds one value into both deques.</summary>
    public void Update(double value)
    {
        IndicatorGuard.Finite(value, nameof(value));
        Update(value, value);
    }

    /// <summary>Feeds a bar: <paramref name="high"/> into the maximum, <paramref name="low"/> into the minimum.</summary>
    public void Update(double high, double low)
    {
        IndicatorGuard.Finite(high, nameof(high));
        IndicatorGuard.Finite(low, nameof(low));
        var sequence = _sequence++;
        var expired = sequence - Period;
        _max.Push(high, sequence, expired);
        _min.Push(low, sequence, expired);
    }

    public void Reset()
    {
        _sequence = 0;
        _max.Clear();
        _min.Clear();
    }

    /// <summary>A fixed-capacity deque of (value, sequence) whose values are monotonic from front to back.</summary>
    private sealed class MonotonicDeque
    {
        private readonly double[] _values;
        private readonly long[] _sequences;
        private readonly bool _keepLargest;
        private int _head;
        private int _size;

        public MonotonicDeque(int capacity, bool keepLargest)
        {
            _values = new double[capacity];
            _sequences = new long[capacity];
            _keepLargest = keepLargest;
        }

        public double Front => _size == 0 ? double.NaN : _values[_head];

        public long FrontSequence => _size == 0 ? -1 : _sequences[_head];

        public void Push(double value, long sequence, long expiredAtOrBefore)
        {
            var capacity = _values.Length;
            while (_size > 0 && _sequences[_head] <= expiredAtOrBefore)
            {
                _head = _head + 1 == capacity ? 0 : _head + 1;
                _size--;
            }
            while (_size > 0)
            {
                var back = _head + _size - 1;
                if (back >= capacity)
                {
                    back -= capacity;
                }
                var dominated = _keepLargest ? _values[back] <= value : _values[back] >= value;
                if (!dominated)
                {
                    break;
                }
                _size--;
            }
            var slot = _head + _size;
            if (slot >= capacity)
            {
                slot -= capacity;
            }
            _values[slot] = value;
            _sequences[slot] = sequence;
            _size++;
        }

        public void Clear()
        {
            _head = 0;
            _size = 0;
        }
    }
}
