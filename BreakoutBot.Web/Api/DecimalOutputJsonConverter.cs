using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreakoutBot.Web.Api;

/// <summary>
/// Writes a <see cref="decimal"/> with at most <see cref="MaxDecimalPlaces"/> decimal places, rounded half away from
/// zero, without trailing zeros (<c>10552.798766100000000000000007</c> is written <c>10552.7987661</c>, <c>3.0</c> is
/// <c>3</c>, a value that rounds to zero is <c>0</c>). Only the written text changes: the engine keeps computing with the
/// full value. Twelve places keep every price the portal accepts (down to 1e-12) exact. Reads as System.Text.Json
/// does: a JSON number, or a numeric string where the options allow reading numbers from strings.
/// </summary>
public sealed class DecimalOutputJsonConverter : JsonConverter<decimal>
{
    public const int MaxDecimalPlaces = 12;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
        {
            return number;
        }
        if (reader.TokenType == JsonTokenType.String
            && (options.NumberHandling & JsonNumberHandling.AllowReadingFromString) != 0
            && decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var text))
        {
            return text;
        }
        // Without a message the serializer writes its own, naming the path and System.Decimal (ApiProblemMiddleware reads it).
        throw new JsonException();
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(Format(value), skipInputValidation: true);
    }

    /// <summary>The text written for <paramref name="value"/> (invariant culture, never an exponent).</summary>
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
