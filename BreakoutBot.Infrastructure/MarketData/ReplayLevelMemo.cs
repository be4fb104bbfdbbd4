using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// The levels detected on one candle list, by bar, shared by every replay of that list (<see cref="ILevelMemo"/>): the
/// runs of a sweep detect each bar's levels once. An entry answers only for the same window length, the same ATR (bit
/// for bit) and options of the same values. Bounded: at most one entry per bar of the list on average
/// (<see cref="Capacity"/>), so a sweep over the level rules themselves stops storing instead of growing without limit.
/// Only bars with levels stored take memory (a slot for every bar of the list made a first replay's memory and
/// collections grow: ADR-010, "Twentieth round").
/// </summary>
internal sealed class ReplayLevelMemo(int capacity)
{
    private readonly ConcurrentDictionary<long, Entry> _byBar = new();
    private int _count;
    // The canonical options of the last options asked with, as one object (a reader never pairs one's options with
    // another's canonical instance): runs ask with the same options object bar after bar.
    private OptionsIdentity? _identity;

    /// <summary>Most entries kept (further levels are detected but not stored).</summary>
    public int Capacity { get; } = Math.Max(capacity, 1);

    /// <summary>Entries stored so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool TryGet(in LevelInputs inputs, [NotNullWhen(true)] out IReadOnlyList<TradingLevel>? levels)
    {
        if (_byBar.TryGetValue(inputs.LastBar.UtcTicks, out var entry))
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
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return;
        }
        var added = new Entry(inputs.WindowCount, BitConverter.DoubleToInt64Bits(inputs.Atr), Canonical(inputs.Options), levels, null);
        _byBar.AddOrUpdate(inputs.LastBar.UtcTicks, static (_, e) => e, static (_, old, e) => e with { Next = old }, added);
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
