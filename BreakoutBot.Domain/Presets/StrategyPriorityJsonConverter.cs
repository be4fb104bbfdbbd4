using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreakoutBot.Domain.Presets;

/// <summary>Reads "momentum"/"retest" (and the original's "breakout_momentum"/"breakout_retest"); writes "momentum"/"retest".</summary>
internal sealed class StrategyPriorityJsonConverter : JsonConverter<StrategyPriority>
{
    private const string Allowed = "\"momentum\", \"retest\", \"breakout_momentum\", \"breakout_retest\"";

    public override StrategyPriority Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"strategy_priority must be a string, one of {Allowed}; got a {reader.TokenType}.");
        }
        var text = reader.GetString();
        return text switch
        {
            "momentum" or "breakout_momentum" => StrategyPriority.Momentum,
            "retest" or "breakout_retest" => StrategyPriority.Retest,
            _ => throw new JsonException($"strategy_priority must be one of {Allowed}; got \"{text}\"."),
        };
    }

    public override void Write(Utf8JsonWriter writer, StrategyPriority value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ToJsonName(value));
    }

    internal static string ToJsonName(StrategyPriority value) => value switch
    {
        StrategyPriority.Momentum => "momentum",
        StrategyPriority.Retest => "retest",
        _ => throw new JsonException($"strategy_priority has no JSON name for value {(int)value}."),
    };
}
