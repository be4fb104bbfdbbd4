namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Strict fractal swing detector. A bar is a swing high when its high is strictly greater than the highs of the
/// <see cref="Left"/> bars before it and the <see cref="Right"/> bars after it (any neighbour ≥ the centre
/// disqualifies it); swing lows mirror this with lows. A swing is therefore confirmed <see cref="Right"/> bars after
/// it happened: each <see cref="Update"/> checks the bar <c>Right</c> bars back. The most recent confirmed swings
/// are kept in small fixed-capacity histories.
/// </summary>
public sealed class SwingDetector
{
    private readonly RingBuffer _highs;
    private readonly RingBuffer _lows;
    private readonly long[] _times;
    private readonly SwingPoint[] _swingHighs;
    private readonly SwingPoint[] _swingLows;
    private int _swingHighNext;
    private int _swingLowNext;

    public SwingDetector(int left = 2, int right = 2, int historyCapacity = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(left, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(right, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(historyCapacity, 1);
        Left = left;
        Right = right;
        var window = left + right + 1;
        _highs = new RingBuffer(window);
        _lows = new RingBuffer(window);
        _times = new long[window];
        _swingHighs = new SwingPoint[historyCapacity];
        _swingLows = new SwingPoint[historyCapacity];
    }

    public int Left { get; }

    public int Right { get; }

    /// <summary>Bars fed since construction or the last reset.</summary>
    public long Count { get; private set; }

    /// <summary>True once a full left + 1 + right window has been seen, so each update can confirm a swing.</summary>
    public bool IsReady => _highs.IsFull;

    /// <summary>True when the latest update confirmed a swing high (at bar Count − 1 − Right).</summary>
    public bool NewSwingHigh { get; private set; }

    /// <summary>True when the latest update confirmed a swing low (at bar Count − 1 − Right).</summary>
    public bool NewSwingLow { get; private set; }

    /// <summary>How many swing highs are held in the history (up to its capacity).</summary>
    public int SwingHighCount { get; private set; }

    /// <summary>How many swing lows are held in the history (up to its capacity).</summary>
    public int SwingLowCount { get; private set; }

    /// <summary>The most recent confirmed swing high, or null when none has been confirmed.</summary>
    public SwingPoint? LastSwingHigh => SwingHighCount == 0 ? null : GetSwingHigh(0);

    /// <summary>The most recent confirmed swing low, or null when none has been confirmed.</summary>
    public SwingPoint? LastSwingLow => SwingLowCount == 0 ? null : GetSwingLow(0);

    /// <summary>A recent swing high: 0 is the most recent, <see cref="SwingHighCount"/> − 1 the oldest kept.</summary>
    public SwingPoint GetSwingHigh(int ago) => Get(_swingHighs, _swingHighNext, SwingHighCount, ago);

    /// <summary>A recent swing low: 0 is the most recent, <see cref="SwingLowCount"/> − 1 the oldest kept.</summary>
    public SwingPoint GetSwingLow(int ago) => Get(_swingLows, _swingLowNext, SwingLowCount, ago);

    /// <summary>Feeds the next bar; <paramref name="timeTicks"/> is stored with any swing found at this bar.</summary>
    public void Update(double high, double low, long timeTicks = 0)
    {
        IndicatorGuard.Finite(high, nameof(high));
        IndicatorGuard.Finite(low, nameof(low));
        _highs.Add(high);
        _lows.Add(low);
        _times[Count % _times.Length] = timeTicks;
        Count++;
        NewSwingHigh = false;
        NewSwingLow = false;
        if (!_highs.IsFull)
        {
            return;
        }
        var centreHigh = _highs[Right];
        var centreLow = _lows[Right];
        var isHigh = true;
        var isLow = true;
        for (var i = 0; i < _highs.Count && (isHigh || isLow); i++)
        {
            if (i == Right)
            {
                continue;
            }
            if (_highs[i] >= centreHigh)
            {
                isHigh = false;
            }
            if (_lows[i] <= centreLow)
            {
                isLow = false;
            }
        }
        var centreIndex = Count - 1 - Right;
        var centreTime = _times[centreIndex % _times.Length];
        if (isHigh)
        {
            Push(_swingHighs, ref _swingHighNext, new SwingPoint(centreHigh, centreIndex, centreTime));
            SwingHighCount = Math.Min(SwingHighCount + 1, _swingHighs.Length);
            NewSwingHigh = true;
        }
        if (isLow)
        {
            Push(_swingLows, ref _swingLowNext, new SwingPoint(centreLow, centreIndex, centreTime));
            SwingLowCount = Math.Min(SwingLowCount + 1, _swingLows.Length);
            NewSwingLow = true;
        }
    }

    public void Reset()
    {
        _highs.Reset();
        _lows.Reset();
        Count = 0;
        NewSwingHigh = false;
        NewSwingLow = false;
        SwingHighCount = 0;
        SwingLowCount = 0;
        _swingHighNext = 0;
        _swingLowNext = 0;
    }

    private static void Push(SwingPoint[] history, ref int next, SwingPoint point)
    {
        history[next] = point;
        next = next + 1 == history.Length ? 0 : next + 1;
    }

    private static SwingPoint Get(SwingPoint[] history, int next, int count, int ago)
    {
        if ((uint)ago >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(ago), ago, $"Index must be in [0, {count}) counting back from the most recent swing.");
        }
        var index = next - 1 - ago;
        if (index < 0)
        {
            index += history.Length;
        }
        return history[index];
    }
}
