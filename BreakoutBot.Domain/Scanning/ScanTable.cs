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
    // The entries that passed every filter, best first, and their rank indexes: found without ranking the whole table
    // when few passed (a candidate's result needs its rank among all; on most bars with candidates one or two pass).
    private int[] _passedEntries = [];
    private int[] _passedRanks = [];
    private bool _passedRanked;
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
        _passedRanked = false;
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

    /// <summary>The instrument of the <paramref name="k"/>-th best entry that passed every filter (k &lt; <see cref="PassedFilters"/>).</summary>
    public string PassedInstrumentId(int k)
    {
        RankPassed();
        return _entries[_passedEntries[k]].Market.Instrument.Id;
    }

    /// <summary>The result of the <paramref name="k"/>-th best entry that passed every filter, with its rank among all and <paramref name="levels"/>.</summary>
    public ScanResult BuildPassed(int k, DateTimeOffset scanTime, IReadOnlyList<TradingLevel> levels, bool copy = true)
    {
        RankPassed();
        return Build(_entries[_passedEntries[k]], _passedRanks[k], scanTime, copy, levels);
    }

    /// <summary>The verdicts of the entry at <paramref name="index"/> in an order of the table's choosing (rank or scan order): for counts.</summary>
    public FilterDictionary FiltersInAnyOrderAt(int index) => _entries[index].Filters;

    /// <summary>The conditions not checked of the entry at <paramref name="index"/>, in an order of the table's choosing: for counts.</summary>
    public UncheckedConditions NotCheckedInAnyOrderAt(int index) => _entries[index].NotChecked;

    /// <summary>
    /// The result at <paramref name="index"/> (rank index + 1), with <paramref name="levels"/> (none when null). With
    /// <paramref name="copy"/> its figures, verdicts and parts are copies of the market's scan objects (which the next scan
    /// overwrites); without, the entry's own objects, for a scan that made them fresh for this result.
    /// </summary>
    public ScanResult Build(int index, DateTimeOffset scanTime, bool copy = true, IReadOnlyList<TradingLevel>? levels = null) =>
        Build(Ranked()[index], index, scanTime, copy, levels);

    private static ScanResult Build(in Entry e, int rankIndex, DateTimeOffset scanTime, bool copy, IReadOnlyList<TradingLevel>? levels) =>
        new(
            e.Market.Instrument.Id,
            e.Score,
            rankIndex + 1,
            copy ? e.Filters.Copy() : e.Filters,
            copy ? e.Parts.Copy() : e.Parts,
            copy ? e.Metrics with { } : e.Metrics,
            levels ?? [],
            e.BarClose ?? scanTime)
        {
            NotChecked = e.NotChecked,
        };

    private Entry[] Ranked()
    {
        if (!_ranked)
        {
            ScoreAll();
            _entries.AsSpan(0, Count).Sort(ByRank);
            _ranked = true;
            // The entries moved: the passed ones are found again, in the ranked table, when next asked for.
            _passedRanked = false;
        }
        return _entries;
    }

    private void ScoreAll()
    {
        foreach (ref var e in _entries.AsSpan(0, Count))
        {
            if (!e.Scored)
            {
                e = e with { Score = Score(e.Parts, e.Metrics, _weights), Scored = true };
            }
        }
    }

    /// <summary>
    /// Finds the passed entries best first with their rank indexes. When few passed and the table is not ranked yet, each
    /// one's rank is the number of entries ranked before it (every entry is scored for that, as a ranking would), and
    /// only the passed ones are put in order; otherwise the table is ranked and read in order. Either way the ranks are
    /// those of <see cref="ByRank"/>, a total order (scores, then distinct instrument ids).
    /// </summary>
    private void RankPassed()
    {
        if (_passedRanked)
        {
            return;
        }
        const int FewPassed = 8;
        if (_passedEntries.Length < PassedFilters)
        {
            _passedEntries = new int[Math.Max(PassedFilters, 2 * _passedEntries.Length)];
            _passedRanks = new int[_passedEntries.Length];
        }
        var entries = _ranked || PassedFilters > FewPassed ? Ranked() : _entries;
        var passed = 0;
        for (var i = 0; i < Count; i++)
        {
            if (entries[i].Filters.AllPassed)
            {
                _passedEntries[passed++] = i;
            }
        }
        if (_ranked)
        {
            _passedEntries.AsSpan(0, passed).CopyTo(_passedRanks);
        }
        else
        {
            ScoreAll();
            for (var p = 0; p < passed; p++)
            {
                var rank = 0;
                ref readonly var e = ref entries[_passedEntries[p]];
                for (var i = 0; i < Count; i++)
                {
                    rank += ByRank(entries[i], e) < 0 ? 1 : 0;
                }
                _passedRanks[p] = rank;
            }
            // Best first: the few passed entries ordered by rank (insertion sort; ranks are distinct).
            for (var p = 1; p < passed; p++)
            {
                var (entry, rank) = (_passedEntries[p], _passedRanks[p]);
                var q = p - 1;
                for (; q >= 0 && _passedRanks[q] > rank; q--)
                {
                    (_passedEntries[q + 1], _passedRanks[q + 1]) = (_passedEntries[q], _passedRanks[q]);
                }
                (_passedEntries[q + 1], _passedRanks[q + 1]) = (entry, rank);
            }
        }
        _passedRanked = true;
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
