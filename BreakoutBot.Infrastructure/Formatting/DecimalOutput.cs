using System.Globalization;

namespace BreakoutBot.Infrastructure.Formatting;

/// <summary>
/// How the portal writes a <see cref="decimal"/> for scripts and files (the HTTP API's and the live push's JSON, the
/// history CSV exports): at most <see cref="MaxDecimalPlaces"/> decimal places, rounded half away from zero, without
/// trailing zeros (<c>10552.798766100000000000000007</c> is written <c>10552.7987661</c>, <c>3.0</c> is <c>3</c>, a value
/// that rounds to zero is <c>0</c>), invariant culture, never an exponent. Only the written text changes: the engine keeps
/// computing with the full value. Twelve places keep every price the portal accepts (down to 1e-12) exact.
/// </summary>
public static class DecimalOutput
{
    public const int MaxDecimalPlaces = 12;

    public static string Format(decimal value)
    {
        var rounded = decimal.Round(value, MaxDecimalPlaces, MidpointRounding.AwayFromZero);
        if (rounded == 0m)
        {
            return "0";
        }
        var text = rounded.ToString(CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }
}
