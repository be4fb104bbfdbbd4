using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>The JSON form of the persisted JSON columns (conditions, levels, exits, metadata): camelCase, enums as names, NaN allowed.</summary>
public static class PersistenceJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);
}
