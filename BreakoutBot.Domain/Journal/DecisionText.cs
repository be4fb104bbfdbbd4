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

    /// <summary>
    /// A measured value as the journal shows it, never in exponent notation ("1.402E+09", "4.117E+04" for a BTC level
    /// were unreadable): from 1,000 up with thousands grouped (whole units from a million: "1,401,835,215", else two
    /// decimals at most: "41,168.3"), below that four significant digits written out ("0.8235", "0.00001234"); "n/a"
    /// when not measured.
    /// </summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value))
        {
            return "n/a";
        }
        if (double.IsInfinity(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }
        var size = Math.Abs(value);
        if (size >= 1_000)
        {
            return value.ToString(size >= 1_000_000 ? "#,##0" : "#,##0.##", CultureInfo.InvariantCulture);
        }
        var rounded = double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return rounded.ToString("0.###################", CultureInfo.InvariantCulture);
    }
}
