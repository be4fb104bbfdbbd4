using System.Globalization;

namespace BreakoutBot.Domain.Common;

/// <summary>The one rule for writing a measured figure (a filter's value or threshold, a level's price) in words.</summary>
public static class Figures
{
    /// <summary>
    /// A measured figure as people read it (the decision journal, the last scan's filter chips), never in exponent
    /// notation ("1.402E+09", "4.117E+04" for a BTC level were unreadable): from 1,000 up with thousands grouped (whole
    /// units from a million: "1,401,835,215", else two decimals at most: "41,168.3"), below that four significant digits
    /// written out ("0.8235", "0.00001234": a small ATR range is not rounded to "0"); "n/a" when not measured.
    /// </summary>
    public static string Text(double value)
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
