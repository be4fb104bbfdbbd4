using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// A scanner's latest scan as values, best score first: the per-instrument figures, verdicts and score parts live in
/// objects each market keeps for its scans and are overwritten by the next scan (<see cref="Version"/> moves on), so a
/// scan that publishes its results on demand allocates nothing per instrument. <see cref="ScanOutcome"/> builds
/// immutable results from it while it is still the same scan.
/// </summary>
internal sealed class ScanTable
{
    private Entry[] _entries = [];

    public long Version { get; private set; }

    public int Count { get; private set; }

    public int PassedFilters { get; private set; }

    public UncheckedConditions NotChecked { get; private set; }

    /// <summary>The entries to fill for a new scan (the previous scan's outcomes stop answering).</summary>
    public Span<Entry> Begin(int count)
    {
        Version++;
        if (_entries.Length < count)
        {
            _entries = new Entry[count];
        }
        Count = count;
        return _entries.AsSpan(0, count);
    }

    /// <summary>The filled entries are ranked: the counts are taken.</summary>
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

    public bool PassedAt(int index) => _entries[index].Filters.AllPassed;

    public string InstrumentIdAt(int index) => _entries[index].Market.Instrument.Id;

    public FilterDictionary FiltersAt(int index) => _entries[index].Filters;

    public UncheckedConditions NotCheckedAt(int index) => _entries[index].NotChecked;

    /// <summary>
    /// The result at <paramref name="index"/> (rank index + 1), with <paramref name="levels"/> (none when null). With
    /// <paramref name="copy"/> its figures, verdicts and parts are copies of the market's scan objects (which the next scan
    /// overwrites); without, the entry's own objects, for a scan that made them fresh for this result.
    /// </summary>
    public ScanResult Build(int index, DateTimeOffset scanTime, bool copy = true, IReadOnlyList<TradingLevel>? levels = null)
    {
        ref readonly var e = ref _entries[index];
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

    /// <summary>One instrument in the scan: its market, figures, verdicts, score parts, clamped score and newest bar's close.</summary>
    internal readonly record struct Entry(
        InstrumentMarket Market,
        ScanMetrics Metrics,
        FilterDictionary Filters,
        ScoreDictionary Parts,
        double Score,
        UncheckedConditions NotChecked,
        DateTimeOffset? BarClose);
}

/// <summary>The objects a market's scans measure into when results are built on demand (see <see cref="ScanTable"/>).</summary>
internal sealed class MarketScanObjects
{
    public ScanMetrics Metrics { get; } = new();

    public FilterDictionary Filters { get; } = new();

    public ScoreDictionary Parts { get; } = new();
}
