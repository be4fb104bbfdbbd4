using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// The levels detected on one candle list, by bar, shared by every replay of that list (<see cref="ILevelMemo"/>): the
/// runs of a sweep detect each bar's levels once. An entry answers only for the same window length, the same ATR (bit
/// for bit) and options of the same values. Kept in a slot per bar of the list (the bar found by its open time, from the
/// last one asked for), each slot a short chain of entries for different inputs; bounded: at most one entry per bar on
/// average (<see cref="Capacity"/>), so a sweep over the level rules themselves stops storing instead of growing without
/// limit. Readers and writers on other threads share it without a lock (a slot's chain only grows at its head).
/// </summary>
internal sealed class ReplayLevelMemo(long[] openTicks)
{
    private Entry?[]? _byBar;
    private int _count;
    // Where the last bar was found: replays ask bar after bar, so the next answer is usually at or just after it. Read
    // and written by any thread without a lock: a stale value only costs the search.
    private int _hint;
    // The canonical options of the last options asked with (one object, so a reader never pairs one's options with
    // another's canonical instance).
    private OptionsIdentity? _identity;

    /// <summary>Most entries kept (further levels are detected but not stored).</summary>
    public int Capacity { get; } = Math.Max(openTicks.Length, 1);

    /// <summary>Entries stored so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool TryGet(in LevelInputs inputs, [NotNullWhen(true)] out IReadOnlyList<TradingLevel>? levels)
    {
        var slots = Volatile.Read(ref _byBar);
        var bar = slots is null ? -1 : IndexOf(inputs.LastBar.UtcTicks);
        if (bar >= 0 && Volatile.Read(ref slots![bar]) is { } entry)
        {
            var options = Canonical(inputs.Options);
            var atr = BitConverter.DoubleToInt64Bits(inputs.Atr);
            for (var e = entry; e is not null; e = e.Next)
            {
                if (e.WindowCount == inputs.WindowCount && e.AtrBits == atr && ReferenceEquals(e.Options, options))
                {
                    levels = e.Levels;
                    return true;
                }
            }
        }
        levels = null;
        return false;
    }

    public void Store(in LevelInputs inputs, IReadOnlyList<TradingLevel> levels)
    {
        var bar = IndexOf(inputs.LastBar.UtcTicks);
        if (bar < 0)
        {
            return;
        }
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return;
        }
        var slots = Volatile.Read(ref _byBar) ?? Interlocked.CompareExchange(ref _byBar, new Entry?[openTicks.Length], null) ?? _byBar!;
        var options = Canonical(inputs.Options);
        var atr = BitConverter.DoubleToInt64Bits(inputs.Atr);
        while (true)
        {
            var head = Volatile.Read(ref slots[bar]);
            if (Interlocked.CompareExchange(ref slots[bar], new Entry(inputs.WindowCount, atr, options, levels, head), head) == head)
            {
                return;
            }
        }
    }

    /// <summary>The index of the bar opened at <paramref name="ticks"/>, or −1 when the list has none.</summary>
    private int IndexOf(long ticks)
    {
        var hint = Volatile.Read(ref _hint);
        for (var i = hint; i < openTicks.Length && i <= hint + 2; i++)
        {
            if (openTicks[i] == ticks)
            {
                Volatile.Write(ref _hint, i);
                return i;
            }
        }
        var found = Array.BinarySearch(openTicks, ticks);
        if (found >= 0)
        {
            Volatile.Write(ref _hint, found);
        }
        return found >= 0 ? found : -1;
    }

    private LevelDetectorOptions Canonical(LevelDetectorOptions options)
    {
        if (Volatile.Read(ref _identity) is { } known && ReferenceEquals(known.Options, options))
        {
            return known.Canonical;
        }
        var canonical = LevelOptionsIdentity.Of(options);
        Volatile.Write(ref _identity, new OptionsIdentity(options, canonical));
        return canonical;
    }

    private sealed record Entry(int WindowCount, long AtrBits, LevelDetectorOptions Options, IReadOnlyList<TradingLevel> Levels, Entry? Next);

    private sealed record OptionsIdentity(LevelDetectorOptions Options, LevelDetectorOptions Canonical);
}

/// <summary>
/// One instance per distinct set of detector option values: each run builds its own options from its preset, and the
/// memo compares them by reference to this canonical instance (value comparison once per options object).
/// </summary>
public static class LevelOptionsIdentity
{
    private const int MaxKnown = 256;
    private static readonly ConditionalWeakTable<LevelDetectorOptions, LevelDetectorOptions> Canonical = new();
    private static readonly List<LevelDetectorOptions> Known = [];
    private static readonly Lock Gate = new();

    public static LevelDetectorOptions Of(LevelDetectorOptions options) =>
        Canonical.TryGetValue(options, out var canonical) ? canonical : Register(options);

    // Apart from Of: its lambda captures the options, and a method holding it makes that object on every call (Of is asked
    // for every candidate's levels).
    private static LevelDetectorOptions Register(LevelDetectorOptions options)
    {
        lock (Gate)
        {
            var canonical = Known.Find(k => SameValues(k, options));
            if (canonical is null)
            {
                if (Known.Count == MaxKnown)
                {
                    Known.RemoveAt(0);
                }
                Known.Add(options);
                canonical = options;
            }
            Canonical.AddOrUpdate(options, canonical);
            return canonical;
        }
    }

    /// <summary>
    /// Every property equal: the record's own equality with the two lists taken from <paramref name="b"/> (so a property
    /// added later is compared too), and the lists element by element.
    /// </summary>
    public static bool SameValues(LevelDetectorOptions a, LevelDetectorOptions b) =>
        a with { DonchianPeriods = b.DonchianPeriods, RoundSteps = b.RoundSteps } == b
        && a.DonchianPeriods.SequenceEqual(b.DonchianPeriods)
        && a.RoundSteps.SequenceEqual(b.RoundSteps);
}
