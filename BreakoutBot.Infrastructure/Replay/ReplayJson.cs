using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>The report's JSON form: camelCase, enums as strings, invariant numbers, "\n" line endings.</summary>
public static class ReplayJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NewLine = "\n",
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(ReplayReport report) => JsonSerializer.Serialize(report, Options);
}
