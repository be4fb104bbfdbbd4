using System.Globalization;
using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Journal;

/// <summary>The journal's sentences.</summary>
public static class DecisionText
{
    /// <summary>"Rejected by the scanner: volume_surge_1h 0.82 vs threshold 1.5 (1h volume surge must be at least the threshold)."</summary>
    public static string Failed(IReadOnlyList<FilterCheck> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        return "Rejected by the scanner: " + string.Join("; ", filters.Where(f => f.Failed).Select(f =>
            string.Create(CultureInfo.InvariantCulture, $"{f.Name} {Figures.Text(f.Value)} vs threshold {Figures.Text(f.Threshold)} ({f.Reason})"))) + ".";
    }
}
