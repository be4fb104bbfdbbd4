using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreakoutBot.Web.Api;

/// <summary>
/// Reads the API's times as UTC when they carry no offset ("2026-01-31T00:00:00" is midnight UTC, not midnight in the
/// server's zone, which is what System.Text.Json would assume), the same rule as the query parameters of the history
/// routes. A time with an offset or Z is taken as written and converted to UTC. Times are written as before.
/// </summary>
public sealed class UtcTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    private const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A time must be a string, e.g. \"2026-01-31T00:00:00Z\".");
        }
        var text = reader.GetString();
        return TryParse(text, out var time) ? time : throw new JsonException($"'{text}' is not an ISO-8601 time, e.g. 2026-01-31T00:00:00Z.");
    }

    /// <summary>
    /// An ISO-8601 time (a date, or a date and time, with or without an offset) in UTC; a time without an offset is UTC.
    /// Culture-dependent forms such as 01/02/2026 are refused.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        time = default;
        return text is { Length: >= 10 } && text[4] == '-' && text[7] == '-'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Styles, out time);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
