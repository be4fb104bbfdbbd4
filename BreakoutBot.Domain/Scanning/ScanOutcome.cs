namespace BreakoutBot.Domain.Scanning;

/// <summary>A whole scan: every scanned instrument ranked by score, and how many passed all filters.</summary>
public sealed record ScanOutcome(DateTimeOffset Time, int TotalScanned, IReadOnlyList<ScanResult> Results)
{
    public int PassedFilters
    {
        get
        {
            var n = 0;
            foreach (var r in Results)
            {
                if (r.PassedAllFilters)
                {
                    n++;
                }
            }
            return n;
        }
    }

    public static ScanOutcome Empty(DateTimeOffset time) => new(time, 0, []);
}
