namespace BreakoutBot.Domain.Scanning;

/// <summary>A whole scan: every scanned instrument ranked by score, and how many passed all filters.</summary>
public sealed record ScanOutcome(DateTimeOffset Time, int TotalScanned, IReadOnlyList<ScanResult> Results)
{
    /// <summary>How many results passed every filter (counted once).</summary>
    public int PassedFilters { get; } = CountPassed(Results);

    /// <summary>The conditions not checked for at least one result (ADR-008), so a scan says what it could not see.</summary>
    public UncheckedConditions NotChecked { get; } = Union(Results);

    /// <summary>The names of <see cref="NotChecked"/>.</summary>
    public IReadOnlyList<string> NotCheckedNames => UncheckedConditionNames.Of(NotChecked);

    private static UncheckedConditions Union(IReadOnlyList<ScanResult> results)
    {
        var c = UncheckedConditions.None;
        // By index: a foreach over the interface would allocate an enumerator on every scan.
        for (var i = 0; i < results.Count; i++)
        {
            c |= results[i].NotChecked;
        }
        return c;
    }

    private static int CountPassed(IReadOnlyList<ScanResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var n = 0;
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].PassedAllFilters)
            {
                n++;
            }
        }
        return n;
    }

    public static ScanOutcome Empty(DateTimeOffset time) => new(time, 0, []);
}
