using System.Globalization;

namespace BreakoutBot.Domain.Journal;

/// <summary>The journal's sentences.</summary>
public static class DecisionText
{
    /// <summary>"Rejected by the scanner: volume_surge_1h 0.82 vs threshold 1.5 (1h volume surge must be at least the threshold)."</summary>
    public static string Failed(IReadOnlyList<FilterCheck> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        return "Rejected by the scanner: " + string.Join("; ", filters.Where(f => f.Failed).Select(f =>
            string.Create(CultureInfo.InvariantCulture, $"{f.Name} {Number(f.Value)} vs threshold {Number(f.Threshold)} ({f.Reason})"))) + ".";
    }

    /// <summary>A measured value as the journal shows it: four significant digits, "n/a" when not measured.</summary>
    public static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("G4", CultureInfo.InvariantCulture);
}
