using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Domain.Scanning;

/// <summary>One instrument in one scan: its filters, score parts, total score, rank and (after level building) its levels.</summary>
public sealed record ScanResult(
    string InstrumentId,
    double Score,
    int Rank,
    IReadOnlyDictionary<string, FilterResult> Filters,
    IReadOnlyDictionary<string, double> ScoreParts,
    ScanMetrics Metrics,
    IReadOnlyList<TradingLevel> Levels,
    DateTimeOffset Time)
{
    public bool PassedAllFilters
    {
        get
        {
            foreach (var f in Filters.Values)
            {
                if (!f.Passed)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
