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
        foreach (var r in results)
        {
            c |= r.NotChecked;
        }
        return c;
    }

    private static int CountPassed(IReadOnlyList<ScanResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var n = 0;
        foreach (var r in results)
        {
            if (r.PassedAllFilters)
            {
                n++;
            }
        }
        return n;
    }

    public static ScanOutcome Empty(DateTimeOffset time) => new(time, 0, []);
}
