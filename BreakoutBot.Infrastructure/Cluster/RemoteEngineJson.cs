using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>The one JSON shape of <see cref="RemoteEnginePayload"/> between nodes (enums by name, so nodes of two versions agree).</summary>
public static class RemoteEngineJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // A score or measure not known yet is NaN; it is written as "NaN" rather than failing the whole snapshot.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write(RemoteEnginePayload payload) => JsonSerializer.Serialize(payload, Options);

    public static RemoteEnginePayload Read(string json) =>
        JsonSerializer.Deserialize<RemoteEnginePayload>(json, Options) ?? throw new JsonException("An engine status snapshot was empty.");
}
