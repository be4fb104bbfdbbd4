using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Domain.Scanning;

/// <summary>A whole scan: every scanned instrument ranked by score, and how many passed all filters.</summary>
/// <remarks>
/// A scanner that publishes its results on demand (<see cref="ScanningManager.ResultsOnDemand"/>, a replay nobody
/// observes: ADR-010, "Thirteenth round") measures into objects of its own, bar after bar, and builds the immutable
/// <see cref="ScanResult"/>s only when <see cref="Results"/> is read, which must then happen before its next scan: read
/// later, it throws rather than answer with another bar's figures. The counts are known at once either way.
/// </remarks>
public sealed class ScanOutcome
{
    // The results (given, or built from the table when first read) or the table they are built from, in one field, and the
    // time as UTC ticks: the object a scanner makes on every bar stays small (ADR-010, "Twenty-first round").
    private object _source;
    private readonly long _version;
    private readonly long _timeTicks;

    public ScanOutcome(DateTimeOffset time, int totalScanned, IReadOnlyList<ScanResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _timeTicks = time.UtcTicks;
        TotalScanned = totalScanned;
        _source = results;
        Count = results.Count;
        var passed = 0;
        var notChecked = UncheckedConditions.None;
        // By index: a foreach over the interface would allocate an enumerator on every scan.
        for (var i = 0; i < results.Count; i++)
        {
            passed += results[i].PassedAllFilters ? 1 : 0;
            notChecked |= results[i].NotChecked;
        }
        PassedFilters = passed;
        NotChecked = notChecked;
    }

    /// <summary>A scan whose results are built from <paramref name="table"/> when first read (while it is still this scan).</summary>
    internal ScanOutcome(DateTimeOffset time, int totalScanned, ScanTable table)
    {
        _timeTicks = time.UtcTicks;
        TotalScanned = totalScanned;
        _source = table;
        _version = table.Version;
        Count = table.Count;
        PassedFilters = table.PassedFilters;
        NotChecked = table.NotChecked;
    }

    /// <summary>When the scan ran (UTC).</summary>
    public DateTimeOffset Time => new(_timeTicks, TimeSpan.Zero);

    /// <summary>Instruments in the universe when the scan ran.</summary>
    public int TotalScanned { get; }

    /// <summary>Every scanned instrument (those with candles), best score first.</summary>
    public IReadOnlyList<ScanResult> Results => _source as IReadOnlyList<ScanResult> ?? (IReadOnlyList<ScanResult>)(_source = Build((ScanTable)_source));

    /// <summary>How many results there are (without building them).</summary>
    public int Count { get; }

    /// <summary>How many results passed every filter (counted once).</summary>
    public int PassedFilters { get; }

    /// <summary>The conditions not checked for at least one result (ADR-008), so a scan says what it could not see.</summary>
    public UncheckedConditions NotChecked { get; }

    /// <summary>The names of <see cref="NotChecked"/>.</summary>
    public IReadOnlyList<string> NotCheckedNames => UncheckedConditionNames.Of(NotChecked);

    public static ScanOutcome Empty(DateTimeOffset time) => new(time, 0, []);

    /// <summary>The instrument of the <paramref name="k"/>-th best result that passed every filter (k &lt; <see cref="PassedFilters"/>), without building it.</summary>
    internal string PassedInstrumentId(int k) =>
        _source is ScanTable t ? t.Current(_version).PassedInstrumentId(k) : Results[PassedIndex(k)].InstrumentId;

    /// <summary>
    /// The filters of one result, to read now (without building it), for counts over the whole scan: the results are
    /// visited in an order of the scan's choosing (by rank, or as scanned when nothing has ranked them yet).
    /// </summary>
    internal IReadOnlyDictionary<string, FilterResult> FiltersInAnyOrderAt(int index) =>
        _source is ScanTable t ? t.Current(_version).FiltersInAnyOrderAt(index) : Results[index].Filters;

    /// <summary>The conditions one result could not check, in the order of <see cref="FiltersInAnyOrderAt"/>.</summary>
    internal UncheckedConditions NotCheckedInAnyOrderAt(int index) =>
        _source is ScanTable t ? t.Current(_version).NotCheckedInAnyOrderAt(index) : Results[index].NotChecked;

    /// <summary>
    /// The <paramref name="k"/>-th best result that passed every filter, with <paramref name="levels"/>; built alone when
    /// the results are built on demand (without ranking the whole scan when few passed), then without
    /// <paramref name="copy"/> holding the market's scan objects, which the next scan overwrites.
    /// </summary>
    internal ScanResult PassedResult(int k, IReadOnlyList<TradingLevel> levels, bool copy = true) =>
        _source is ScanTable t
            ? t.Current(_version).BuildPassed(k, Time, levels, copy)
            : Results[PassedIndex(k)] with { Levels = levels };

    // The index of the k-th result that passed every filter, best first (results given or built). Walked each time: no
    // field is added to an object made on every scan, and a scan built at once has few results and few candidates.
    private int PassedIndex(int k)
    {
        var results = Results;
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].PassedAllFilters && k-- == 0)
            {
                return i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(k), k, "Fewer results passed every filter.");
    }

    private ScanResult[] Build(ScanTable source)
    {
        var table = source.Current(_version);
        var results = new ScanResult[Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = table.Build(i, Time);
        }
        return results;
    }
}
