using System.Globalization;
using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// Tolerant readers for OKX payload fields. OKX sends numbers as strings (<c>"43466.4"</c>), "no value" as <c>""</c>,
/// booleans either as strings (<c>"false"</c>) or JSON booleans, and a few integers as JSON numbers. A value that is
/// present but unreadable throws <see cref="FormatException"/> naming the field, which the parser turns into an error.
/// </summary>
public static class OkxJson
{
    /// <summary>The field as text: "" when missing or null; a JSON number or boolean as its raw text.</summary>
    public static string Text(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            return string.Empty;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? string.Empty,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => string.Empty,
        };
    }

    /// <summary>The field as text, or null when it is missing or <c>""</c>.</summary>
    public static string? TextOrNull(JsonElement item, string name)
    {
        var text = Text(item, name);
        return text.Length == 0 ? null : text;
    }

    /// <summary>The field as a decimal, or null when it is missing or <c>""</c>.</summary>
    public static decimal? Decimal(JsonElement item, string name) => ParseDecimal(Text(item, name), name);

    /// <summary>
    /// The field as a decimal, or null when it is missing, <c>""</c> or <c>"0"</c>: for fields where OKX uses zero for
    /// "none" (for example <c>avgPx</c> on WebSocket order pushes, trigger prices that are not set).
    /// </summary>
    public static decimal? DecimalOrNullWhenZero(JsonElement item, string name)
    {
        var value = Decimal(item, name);
        return value == 0m ? null : value;
    }

    /// <summary>The field as a decimal, 0 when it is missing or <c>""</c>.</summary>
    public static decimal DecimalOrZero(JsonElement item, string name) => Decimal(item, name) ?? 0m;

    /// <summary>A required decimal: throws <see cref="FormatException"/> naming the field when it is missing or empty.</summary>
    public static decimal RequiredDecimal(JsonElement item, string name) =>
        Decimal(item, name) ?? throw new FormatException($"OKX field '{name}' is required but missing or empty.");

    /// <summary>A decimal from its OKX text, or null for <c>""</c>.</summary>
    public static decimal? ParseDecimal(string text, string name)
    {
        if (text.Length == 0)
        {
            return null;
        }
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        throw new FormatException($"OKX field '{name}' is not a number: '{Shorten(text)}'.");
    }

    /// <summary>A boolean sent as a JSON boolean or as the string "true"/"false"; null when missing or <c>""</c>.</summary>
    public static bool? Boolean(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            return null;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                var text = value.GetString() ?? string.Empty;
                if (text.Length == 0)
                {
                    return null;
                }
                if (bool.TryParse(text, out var parsed))
                {
                    return parsed;
                }
                throw new FormatException($"OKX field '{name}' is not a boolean: '{Shorten(text)}'.");
            case JsonValueKind.Null:
                return null;
            default:
                throw new FormatException($"OKX field '{name}' is not a boolean: {value.ValueKind}.");
        }
    }

    /// <summary>An integer sent as a JSON number or a string; null when missing or <c>""</c>.</summary>
    public static long? Integer(JsonElement item, string name)
    {
        var text = Text(item, name);
        if (text.Length == 0)
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        throw new FormatException($"OKX field '{name}' is not an integer: '{Shorten(text)}'.");
    }

    /// <summary>A Unix-milliseconds timestamp as UTC; null when missing, <c>""</c> or <c>"0"</c>.</summary>
    public static DateTimeOffset? Time(JsonElement item, string name) => ParseTime(Text(item, name), name);

    /// <summary>A required Unix-milliseconds timestamp.</summary>
    public static DateTimeOffset RequiredTime(JsonElement item, string name) =>
        Time(item, name) ?? throw new FormatException($"OKX field '{name}' is required but missing or empty.");

    /// <summary>A Unix-milliseconds timestamp from its OKX text; null for <c>""</c> or <c>"0"</c>.</summary>
    public static DateTimeOffset? ParseTime(string text, string name)
    {
        if (text.Length == 0 || text == "0")
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            && ms > 0 && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        throw new FormatException($"OKX field '{name}' is not a Unix-millisecond time: '{Shorten(text)}'.");
    }

    /// <summary>The elements of an array field; empty when missing or not an array.</summary>
    public static IEnumerable<JsonElement> Array(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];

    /// <summary>Formats a decimal as OKX expects in request bodies and queries: invariant, no exponent, no trailing zeros.</summary>
    public static string Format(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }
        return text == "-0" ? "0" : text;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
