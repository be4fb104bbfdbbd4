using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// The scanner's filter verdicts for one instrument, keyed by filter name in a fixed order. A flat array behind a
/// read-only dictionary view: the scanner builds one per instrument on every bar, so it must not hash or resize.
/// </summary>
public sealed class FilterDictionary : IReadOnlyDictionary<string, FilterResult>
{
    public const int MinVolume = 0;
    public const int MinOi = 1;
    public const int MaxSpread = 2;
    public const int MinDepth05 = 3;
    public const int MinDepth03 = 4;
    public const int MinTradesPerMinute = 5;
    public const int AtrRange = 6;
    public const int BbWidth = 7;
    public const int VolumeSurge1h = 8;
    public const int VolumeSurge5m = 9;
    public const int OiDelta = 10;
    public const int Correlation = 11;
    public const int DataHealth = 12;

    /// <summary>The filter names, in the order of the index constants.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "min_24h_volume", "min_oi", "max_spread", "min_depth_0_5pct", "min_depth_0_3pct", "min_trades_per_minute",
        "atr_range", "bb_width", "volume_surge_1h", "volume_surge_5m", "oi_delta", "correlation", "data_health",
    ];

    private const int FilterCount = 13;
    // Inline in the object (no separate arrays), and a verdict's fields kept apart so no padding is stored: one object
    // of about 340 bytes per instrument per bar instead of 440 (13 padded 32-byte verdicts).
    private Doubles _values;
    private Doubles _thresholds;
    private Reasons _reasons;
    private int _passed;
    private int _available;
    private int _set;

    [System.Runtime.CompilerServices.InlineArray(FilterCount)]
    private struct Doubles
    {
        private double _first;
    }

    [System.Runtime.CompilerServices.InlineArray(FilterCount)]
    private struct Reasons
    {
        private string _first;
    }

    public FilterResult this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FilterCount);
            var bit = 1 << index;
            return (_set & bit) == 0
                ? default
                : new FilterResult((_passed & bit) != 0, _values[index], _thresholds[index], _reasons[index], (_available & bit) != 0);
        }
        set
        {
            _values[index] = value.Value;
            _thresholds[index] = value.Threshold;
            _reasons[index] = value.Reason;
            var bit = 1 << index;
            _passed = value.Passed ? _passed | bit : _passed & ~bit;
            _available = value.IsAvailable ? _available | bit : _available & ~bit;
            _set |= bit;
        }
    }

    public FilterResult this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"No filter named '{key}'.");

    public bool IsComplete => _set == (1 << FilterCount) - 1;

    /// <summary>The filters that failed (checked and not passed), one bit per index: the funnel counts from it.</summary>
    internal int FailedMask => _set & _available & ~_passed;

    /// <summary>
    /// True when every filter is set and none failed. A filter that is not available (its input missing from the data
    /// source) is not passed but does not block: it is listed in <see cref="NotChecked"/> instead.
    /// </summary>
    public bool AllPassed
    {
        get
        {
            // Failed = checked (available) and not passed.
            return (_available & ~_passed) == 0 && IsComplete;
        }
    }

    /// <summary>The filters that could not be checked because the data source lacks their input.</summary>
    public UncheckedConditions NotChecked
    {
        get
        {
            var c = UncheckedConditions.None;
            if (!this[MinOi].IsAvailable)
            {
                c |= UncheckedConditions.MinOi;
            }
            if (!this[OiDelta].IsAvailable)
            {
                c |= UncheckedConditions.OiDelta;
            }
            if (!this[Correlation].IsAvailable)
            {
                c |= UncheckedConditions.Correlation;
            }
            return c;
        }
    }

    public IEnumerable<string> Keys => Names;

    public IEnumerable<FilterResult> Values
    {
        get
        {
            for (var i = 0; i < FilterCount; i++)
            {
                yield return this[i];
            }
        }
    }

    public int Count => FilterCount;

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out FilterResult value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            value = default;
            return false;
        }
        value = this[i];
        return true;
    }

    public IEnumerator<KeyValuePair<string, FilterResult>> GetEnumerator()
    {
        for (var i = 0; i < FilterCount; i++)
        {
            yield return new KeyValuePair<string, FilterResult>(Names[i], this[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A copy to hand out (the verdicts are inline and the reasons immutable strings, so a shallow copy is a full one).</summary>
    internal FilterDictionary Copy() => (FilterDictionary)MemberwiseClone();

    private static int IndexOf(string key) => NameIndex.Of(Names, key);
}
