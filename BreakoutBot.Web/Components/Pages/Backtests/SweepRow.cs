using BreakoutBot.Infrastructure.Backtests;

namespace BreakoutBot.Web.Components.Pages.Backtests;

/// <summary>One combination of a sweep: its field values, its in-sample run and, with walk-forward, its test run.</summary>
public sealed record SweepRow(string Key, IReadOnlyDictionary<string, decimal> Values, BacktestSummary? Train, BacktestSummary? Test)
{
    public static List<SweepRow> From(IReadOnlyList<BacktestSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return runs
            .GroupBy(r => PresetOverrides.Describe(r.Overrides), StringComparer.Ordinal)
            .Select(g => new SweepRow(g.Key, g.First().Overrides, g.FirstOrDefault(r => !r.IsTestRun), g.FirstOrDefault(r => r.IsTestRun)))
            .ToList();
    }
}
