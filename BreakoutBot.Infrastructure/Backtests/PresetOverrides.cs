using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Numeric preset fields changed by a sweep, addressed by the validator's dotted snake_case paths
/// (<c>risk.risk_per_trade</c>, <c>levels_rules.min_touches</c>). The changed preset is validated like any saved one.
/// </summary>
public static class PresetOverrides
{
    /// <summary>The numeric leaf fields of a preset (arrays excluded), in document order: the fields a sweep may vary.</summary>
    public static IReadOnlyList<string> NumericFields(string presetJson)
    {
        var fields = new List<string>();
        Walk(JsonNode.Parse(presetJson), "", fields);
        return fields;
    }

    /// <summary>The preset with each field set to its value, validated; errors name the field.</summary>
    public static PresetLoadResult Apply(string presetJson, IReadOnlyDictionary<string, decimal> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var root = JsonNode.Parse(presetJson)!.AsObject();
        foreach (var (path, value) in overrides)
        {
            var parts = path.Split('.');
            JsonNode? node = root;
            foreach (var part in parts[..^1])
            {
                node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
            }
            if (node is not JsonObject parent || !parent.TryGetPropertyValue(parts[^1], out var leaf) || leaf is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
            {
                return PresetLoadResult.Fail(path, $"'{path}' is not a numeric field of the preset.");
            }
            parent[parts[^1]] = JsonValue.Create(value);
        }
        return PresetSerializer.DeserializeAndValidate(root.ToJsonString());
    }

    /// <summary>The overrides as stored with a run: a JSON object of path → value.</summary>
    public static string Serialize(IReadOnlyDictionary<string, decimal> overrides) => JsonSerializer.Serialize(overrides);

    public static IReadOnlyDictionary<string, decimal> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? new Dictionary<string, decimal>() : JsonSerializer.Deserialize<Dictionary<string, decimal>>(json)!;

    /// <summary>"risk.risk_per_trade=0.01, levels_rules.min_touches=3".</summary>
    public static string Describe(IReadOnlyDictionary<string, decimal> overrides) =>
        string.Join(", ", overrides.Select(o => o.Key + "=" + o.Value.ToString(CultureInfo.InvariantCulture)));

    private static void Walk(JsonNode? node, string path, List<string> fields)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    Walk(child, path.Length == 0 ? key : path + "." + key, fields);
                }
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                fields.Add(path);
                break;
        }
    }
}
