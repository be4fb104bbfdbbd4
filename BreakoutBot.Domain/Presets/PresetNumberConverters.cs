using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreakoutBot.Domain.Presets;

/// <summary>
/// The preset's numbers (<c>double</c>, <c>decimal</c>, <c>int</c>) read as before, except that a JSON number beyond what
/// the field's type holds is an error saying so (<see cref="OutOfRange"/>). Without them <c>1e400</c> in a double field was
/// read as infinity and refused by the validator quoting what it had become ("must be a finite number; got Infinity"; a
/// walk saw 1.797…E+308), and in a decimal or whole-number field it read as a value of the wrong type ("must be a whole
/// number" for 3000000000). Anything else that is not a number keeps the serializer's own error.
/// Writing is the serializer's own.
/// </summary>
internal static class PresetNumberConverters
{
    /// <summary>Starts the message of an out-of-range error; <see cref="PresetSerializer"/> words it with the field's path.</summary>
    public const string OutOfRange = "out of range";

    public static IEnumerable<JsonConverter> All { get; } = [new DoubleConverter(), new DecimalConverter(), new Int32Converter()];

    /// <summary>The number as written, parsed as a double: ±Infinity when beyond double's range (IEEE rules).</summary>
    private static double AsWritten(ref Utf8JsonReader reader)
    {
        var text = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static JsonException Refused(string range) => new($"{OutOfRange}: {range}");

    private sealed class DoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number && !double.IsFinite(AsWritten(ref reader)))
            {
                throw Refused("the number is larger in size than the field can hold");
            }
            return reader.GetDouble();
        }

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    private sealed class DecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number && !reader.TryGetDecimal(out _))
            {
                throw Refused("it takes a number of at most 28 digits before the decimal point");
            }
            return reader.GetDecimal();
        }

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    private sealed class Int32Converter : JsonConverter<int>
    {
        public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number && !reader.TryGetInt32(out _)
                && AsWritten(ref reader) is var written && (!double.IsFinite(written) || (Math.Floor(written) == written && (written > int.MaxValue || written < int.MinValue))))
            {
                throw Refused(string.Create(CultureInfo.InvariantCulture, $"it takes a whole number from {int.MinValue:N0} to {int.MaxValue:N0}"));
            }
            return reader.GetInt32();
        }

        public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }
}
