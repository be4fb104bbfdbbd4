using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BreakoutBot.Infrastructure.Formatting;

namespace BreakoutBot.Web.Api;

/// <summary>
/// Writes a <see cref="decimal"/> by the portal's output rule (<see cref="DecimalOutput"/>: at most 12 decimal places,
/// half away from zero, no trailing zeros). Reads as System.Text.Json does: a JSON number, or a numeric string where the
/// options allow reading numbers from strings.
/// </summary>
public sealed class DecimalOutputJsonConverter : JsonConverter<decimal>
{
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
        writer.WriteRawValue(DecimalOutput.Format(value), skipInputValidation: true);
    }
}
