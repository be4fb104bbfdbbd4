using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>Wire helpers of the fake OKX server: numbers as strings, Unix-ms times, the {code,msg,data} envelope.</summary>
internal static class FakeOkxJson
{
    private const string DecimalFormat = "0.############################";

    public static string Num(decimal value) => value.ToString(DecimalFormat, CultureInfo.InvariantCulture);

    public static string Num(decimal? value) => value is { } v ? Num(v) : string.Empty;

    public static string Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static string Ms(DateTimeOffset? time) => time is { } t ? Ms(t) : string.Empty;

    /// <summary>Reads a property as text whatever its JSON kind (string, number or boolean); null when absent or null.</summary>
    public static string? Str(JsonObject obj, string name)
    {
        if (!obj.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }
        if (node is JsonValue value)
        {
            return value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => value.ToJsonString(),
            };
        }
        return node.ToJsonString();
    }

    /// <summary>True for a JSON true or the string "true".</summary>
    public static bool Bool(JsonObject obj, string name) =>
        string.Equals(Str(obj, name), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses an OKX decimal string; "" and null are "no value".</summary>
    public static bool TryDecimal(string? text, out decimal? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    public static bool IsMultipleOf(decimal value, decimal step) => step > 0 && value % step == 0m;

    public static bool IsValidClientId(string? id, int maxLength = 32) =>
        !string.IsNullOrEmpty(id) && id.Length <= maxLength && id.All(char.IsAsciiLetterOrDigit);

    public static string Envelope(string code, string msg, JsonArray data) =>
        new JsonObject { ["code"] = code, ["msg"] = msg, ["data"] = data }.ToJsonString();

    public static string Envelope(string code, string msg, JsonArray data, DateTimeOffset inTime, DateTimeOffset outTime) =>
        new JsonObject
        {
            ["code"] = code,
            ["msg"] = msg,
            ["data"] = data,
            ["inTime"] = Micros(inTime),
            ["outTime"] = Micros(outTime),
        }.ToJsonString();

    /// <summary>An auth or rate-limit body: code and msg only, no data key (as OKX sends with HTTP 401/429).</summary>
    public static string Bare(string code, string msg) => new JsonObject { ["msg"] = msg, ["code"] = code }.ToJsonString();

    private static string Micros(DateTimeOffset time) =>
        ((time.ToUnixTimeMilliseconds() * 1000) + (time.Ticks / 10 % 1000)).ToString(CultureInfo.InvariantCulture);
}
