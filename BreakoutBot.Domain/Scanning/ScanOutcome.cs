namespace BreakoutBot.Domain.Scanning;

/// <summary>A whole scan: every scanned instrument ranked by score, and how many passed all filters.</summary>
public sealed record ScanOutcome(DateTimeOffset Time, int TotalScanned, IReadOnlyList<ScanResult> Results)
{
    /// <summary>How many results passed every filter (counted once).</summary>
    public int PassedFilters { get; } = CountPassed(Results);

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
