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
    /// <summary>True when every filter passed (computed once, from the filters the result was built with).</summary>
    public bool PassedAllFilters { get; } = AllPassed(Filters);

    /// <summary>Filters, score components and signal checks the data source could not provide input for (ADR-008).</summary>
    public UncheckedConditions NotChecked { get; init; }

    /// <summary>The names of <see cref="NotChecked"/>, e.g. <c>["oi_delta", "l2_imbalance"]</c>.</summary>
    public IReadOnlyList<string> NotCheckedNames => UncheckedConditionNames.Of(NotChecked);

    private static bool AllPassed(IReadOnlyDictionary<string, FilterResult> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters is FilterDictionary set)
        {
            return set.AllPassed;
        }
        foreach (var f in filters.Values)
        {
            if (f.Failed)
            {
                return false;
            }
        }
        return true;
    }
}
