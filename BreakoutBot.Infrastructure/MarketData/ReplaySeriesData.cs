using System.Runtime.CompilerServices;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// What a replay derives from one instrument's candles before it starts: the bars as an array, their open times, and the
/// prefix sums the modelled ticker and book's window statistics are taken from (see
/// <see cref="ReplayMarketDataProvider"/>). Immutable once built, so every replay of the same candle list (the runs of a
/// sweep over one data set, in parallel) shares one copy instead of rebuilding it: candle lists handed to a replay are
/// the data set's and must not be changed afterwards (a list whose length or ends changed is rebuilt).
/// </summary>
internal sealed class ReplaySeriesData
{
    private static readonly ConditionalWeakTable<IReadOnlyList<Candle>, ReplaySeriesData> Shared = new();

    private ReplaySeriesData(string instrumentId, IReadOnlyList<Candle> candles)
    {
        // An array is used as it is (no second copy of a data set's candles in memory): lists handed to a replay are never
        // changed afterwards (see the class remarks), and the replay only reads its bars.
        Bars = candles as Candle[] ?? candles.ToArray();
        var n = Bars.Length;
        OpenTicks = new long[n];
        // Prefix sums (element i: the sum over bars [0, i)): a bar's window statistics are the difference of two entries.
        QuoteVolumePrefix = new decimal[n + 1];
        RangeBpsPrefix = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            ref readonly var bar = ref Bars[i];
            OpenTicks[i] = bar.Time.UtcTicks;
            if (i > 0 && OpenTicks[i] <= OpenTicks[i - 1])
            {
                throw new DomainException(
                    $"Replay: candles of {instrumentId} must be strictly increasing in time ({Bars[i - 1].Time:O} is followed by {bar.Time:O}).");
            }
            QuoteVolumePrefix[i + 1] = QuoteVolumePrefix[i] + (bar.Close * bar.Volume);
            RangeBpsPrefix[i + 1] = RangeBpsPrefix[i] + ((double)(bar.High - bar.Low) / (double)bar.Close * 10_000d);
        }
        Levels = new ReplayLevelMemo(n);
        _modelled = new int[(n >> 5) + 1];
    }

    /// <summary>Levels detected on these bars by earlier replays (at most one entry per bar on average).</summary>
    public ReplayLevelMemo Levels { get; }

    // Which closed-bar counts some replay of these candles has modelled (one bit each, set as replays reach each bar).
    private readonly int[] _modelled;

    /// <summary>True when a replay of these candles has modelled the quotes of <paramref name="closed"/> closed bars.</summary>
    public bool WasModelled(int closed) => (Volatile.Read(ref _modelled[closed >> 5]) & (1 << (closed & 31))) != 0;

    /// <summary>Records that the quotes of <paramref name="closed"/> closed bars were modelled.</summary>
    public void MarkModelled(int closed)
    {
        ref var word = ref _modelled[closed >> 5];
        var bit = 1 << (closed & 31);
        if ((Volatile.Read(ref word) & bit) == 0)
        {
            Interlocked.Or(ref word, bit);
        }
    }

    public Candle[] Bars { get; }

    public long[] OpenTicks { get; }

    /// <summary>Quote volume (close · volume) summed over bars [0, i), by i.</summary>
    public decimal[] QuoteVolumePrefix { get; }

    /// <summary>Bar range (high − low)/close in bps summed over bars [0, i), by i.</summary>
    public double[] RangeBpsPrefix { get; }

    /// <summary>The data of <paramref name="candles"/>: shared with earlier replays of the same list, built on first use.</summary>
    public static ReplaySeriesData For(string instrumentId, IReadOnlyList<Candle> candles)
    {
        if (candles.Count == 0)
        {
            return new ReplaySeriesData(instrumentId, candles);
        }
        if (Shared.TryGetValue(candles, out var data) && data.Matches(candles))
        {
            return data;
        }
        data = new ReplaySeriesData(instrumentId, candles);
        Shared.AddOrUpdate(candles, data);
        return data;
    }

    /// <summary>
    /// The timeline (every bar close of <paramref name="members"/>, in order) a replay of these instruments' candles steps
    /// through: built from the members by <paramref name="build"/> the first time, then the same immutable list for later
    /// replays of the same candle lists in the same order (a sweep's runs, a backtest run again), kept by the first member's
    /// data (which so keeps the other members' data while it lives: one set per first list, replaced by the next set built
    /// with it).
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> TimelineOf(ReplaySeriesData[] members, Func<ReplaySeriesData[], IReadOnlyList<DateTimeOffset>> build)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(build);
        if (members.Length == 0)
        {
            return build(members);
        }
        var owner = members[0];
        if (Volatile.Read(ref owner._timeline) is { } kept && kept.Members.AsSpan().SequenceEqual(members, ReferenceComparer))
        {
            return kept.Timeline;
        }
        var timeline = build(members);
        Volatile.Write(ref owner._timeline, new KeptTimeline(members, timeline));
        return timeline;
    }

    private static readonly IEqualityComparer<ReplaySeriesData> ReferenceComparer = ReferenceEqualityComparer.Instance;

    // The last timeline built with these candles first (members and list, one object so a reader never pairs them wrongly).
    private KeptTimeline? _timeline;

    private sealed record KeptTimeline(ReplaySeriesData[] Members, IReadOnlyList<DateTimeOffset> Timeline);

    private bool Matches(IReadOnlyList<Candle> candles) =>
        candles.Count == Bars.Length && candles[0] == Bars[0] && candles[^1] == Bars[^1];
}
