using System.Globalization;

namespace BreakoutBot.Domain.Common;

/// <summary>
/// A count with its noun, the one rule for every message the engine, the services and the pages write: "1 position",
/// "3 positions", "1,200 events were"; never "position(s)". Invariant culture, thousands grouped.
/// </summary>
public static class Counted
{
    /// <summary>Plural made with "s": (1, "position") → "1 position", (3, "position") → "3 positions".</summary>
    public static string Of(long value, string noun) => Of(value, noun, noun + "s");

    /// <summary>With the plural given, or words that agree with the count: (2, "engine is", "engines are") → "2 engines are".</summary>
    public static string Of(long value, string singular, string plural) =>
        string.Create(CultureInfo.InvariantCulture, $"{value:N0} {(value == 1 ? singular : plural)}");
}
