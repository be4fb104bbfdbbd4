using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// A scanner's latest scan as values, best score first: the per-instrument figures, verdicts and score parts live in
/// objects each market keeps for its scans and are overwritten by the next scan (<see cref="Version"/> moves on), so a
/// scan that publishes its results on demand allocates nothing per instrument. <see cref="ScanOutcome"/> builds
/// immutable results from it while it is still the same scan.
/// </summary>
/// <remarks>
/// The entries are ranked when something first reads them by rank: the counts and the funnel do not need the order, and
/// on most bars nothing else reads the scan (no instrument passed the filters), so most scans are never sorted. Used by
/// one thread at a time (the scanner's, and the observers it calls), like the scanner itself.
/// </remarks>
internal sealed class ScanTable
{
    // Best score first, then instrument id (ordinal): the order every scan's results are ranked in.
    private static readonly Comparison<Entry> ByRank = static (a, b) =>
    {
        var c = b.Score.CompareTo(a.Score);
        return c != 0 ? c : string.CompareOrdinal(a.Market.Instrument.Id, b.Market.Instrument.Id);
    };

    private Entry[] _entries = [];
    private bool _ranked;
    // The scan's compiled score weights: entries measured without a score are scored with them when first ranked.
    private (int Index, double Weight)[] _weights = [];

    public long Version { get; private set; }

    public int Count { get; private set; }

    public int PassedFilters { get; private set; }

    public UncheckedConditions NotChecked { get; private set; }

    /// <summary>
    /// The entries to fill for a new scan (the previous scan's outcomes stop answering); an entry filled without its score
    /// (<see cref="Entry.Scored"/> false) is scored with <paramref name="weights"/> when the table is first ranked.
    /// </summary>
    public Span<Entry> Begin(int count, (int Index, double Weight)[] weights)
    {
        Version++;
        _weights = weights;
        if (_entries.Length < count)
        {
            _entries = new Entry[count];
        }
        Count = count;
        _ranked = false;
        return _entries.AsSpan(0, count);
    }

    /// <summary>The entries are filled: the counts are taken (the ranking waits until something reads by rank).</summary>
    public void Complete()
    {
        var passed = 0;
        var notChecked = UncheckedConditions.None;
        for (var i = 0; i < Count; i++)
        {
            passed += _entries[i].Filters.AllPassed ? 1 : 0;
            notChecked |= _entries[i].NotChecked;
        }
        PassedFilters = passed;
        NotChecked = notChecked;
    }

    /// <summary>This table when it still holds scan <paramref name="version"/>; otherwise a later scan replaced it.</summary>
    public ScanTable Current(long version) => version == Version
        ? this
        : throw new InvalidOperationException(
            "This scan's results were replaced by a later scan: read a scan's results before the scanner scans again, or let it publish them at once (ScanningManager.ResultsOnDemand = false).");

    public bool PassedAt(int index) => Ranked()[index].Filters.AllPassed;

    public string InstrumentIdAt(int index) => Ranked()[index].Market.Instrument.Id;

    /// <summary>The verdicts of the entry at <paramref name="index"/> in an order of the table's choosing (rank or scan order): for counts.</summary>
    public FilterDictionary FiltersInAnyOrderAt(int index) => _entries[index].Filters;

    /// <summary>The conditions not checked of the entry at <paramref name="index"/>, in an order of the table's choosing: for counts.</summary>
    public UncheckedConditions NotCheckedInAnyOrderAt(int index) => _entries[index].NotChecked;

    /// <summary>
    /// The result at <paramref name="index"/> (rank index + 1), with <paramref name="levels"/> (none when null). With
    /// <paramref name="copy"/> its figures, verdicts and parts are copies of the market's scan objects (which the next scan
    /// overwrites); without, the entry's own objects, for a scan that made them fresh for this result.
    /// </summary>
    public ScanResult Build(int index, DateTimeOffset scanTime, bool copy = true, IReadOnlyList<TradingLevel>? levels = null)
    {
        ref readonly var e = ref Ranked()[index];
        return new ScanResult(
            e.Market.Instrument.Id,
            e.Score,
            index + 1,
            copy ? e.Filters.Copy() : e.Filters,
            copy ? e.Parts.Copy() : e.Parts,
            copy ? e.Metrics with { } : e.Metrics,
            levels ?? [],
            e.BarClose ?? scanTime)
        {
            NotChecked = e.NotChecked,
        };
    }

    private Entry[] Ranked()
    {
        if (!_ranked)
        {
            var entries = _entries.AsSpan(0, Count);
            foreach (ref var e in entries)
            {
                if (!e.Scored)
                {
                    e = e with { Score = Score(e.Parts, e.Metrics, _weights), Scored = true };
                }
            }
            entries.Sort(ByRank);
            _ranked = true;
        }
        return _entries;
    }

    /// <summary>Scores <paramref name="metrics"/> into <paramref name="parts"/>: the score, clamped to ±10.</summary>
    public static double Score(ScoreDictionary parts, ScanMetrics metrics, (int Index, double Weight)[] weights)
    {
        MarketScanner.ScorePartsInto(parts, metrics, weights);
        return Math.Clamp(parts.Total, -10, 10);
    }

    /// <summary>
    /// One instrument in the scan: its market, figures, verdicts, score parts, clamped score and newest bar's close.
    /// <see cref="Score"/> and <see cref="Parts"/> are set only once <see cref="Scored"/> (see <see cref="Begin"/>).
    /// </summary>
    internal readonly record struct Entry(
        InstrumentMarket Market,
        ScanMetrics Metrics,
        FilterDictionary Filters,
        ScoreDictionary Parts,
        double Score,
        UncheckedConditions NotChecked,
        DateTimeOffset? BarClose)
    {
        public bool Scored { get; init; } = true;
    }
}

/// <summary>The objects a market's scans measure into when results are built on demand (see <see cref="ScanTable"/>).</summary>
internal sealed class MarketScanObjects
{
    public ScanMetrics Metrics { get; } = new();

    public FilterDictionary Filters { get; } = new();

    public ScoreDictionary Parts { get; } = new();
}
