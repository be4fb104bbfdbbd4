using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>
/// Field-level differences between two preset JSON documents, by dotted snake_case path as the validator names fields
/// (<c>risk.risk_per_trade</c>, <c>levels_rules.donchian_periods[0]</c>).
/// </summary>
public static class PresetDiff
{
    private const int MaxSummaryLength = 2000;
    private const int MaxSummaryChanges = 12;

    /// <summary>Changed, added and removed leaf fields, in the order they appear (the newer document first).</summary>
    public static IReadOnlyList<PresetChange> Compare(string oldJson, string newJson)
    {
        var before = Flatten(oldJson);
        var after = Flatten(newJson);
        var changes = new List<PresetChange>();
        foreach (var (path, value) in after)
        {
            var old = before.Find(p => p.Path == path);
            if (old.Path is null)
            {
                changes.Add(new PresetChange(path, null, value));
            }
            else if (!string.Equals(old.Value, value, StringComparison.Ordinal) && !SameNumber(old.Value, value))
            {
                changes.Add(new PresetChange(path, old.Value, value));
            }
        }
        foreach (var (path, value) in before)
        {
            if (!after.Exists(p => p.Path == path))
            {
                changes.Add(new PresetChange(path, value, null));
            }
        }
        return changes;
    }

    /// <summary>A one-line description of the changes, e.g. "risk.risk_per_trade 0.01 → 0.02", cut to fit the history column.</summary>
    public static string Summarize(IReadOnlyList<PresetChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return "No changes.";
        }
        var parts = changes.Take(MaxSummaryChanges).Select(c => $"{c.Path} {c.OldValue ?? "(none)"} → {c.NewValue ?? "(none)"}");
        var text = string.Join("; ", parts);
        if (changes.Count > MaxSummaryChanges)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; and {changes.Count - MaxSummaryChanges} more");
        }
        return text.Length <= MaxSummaryLength ? text : text[..(MaxSummaryLength - 1)] + "…";
    }

    private static bool SameNumber(string? a, string? b) =>
        decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
        && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
        && x == y;

    private static List<(string Path, string? Value)> Flatten(string json)
    {
        var list = new List<(string Path, string? Value)>();
        var root = JsonNode.Parse(json);
        Walk(root, "", list);
        return list;
    }

    private static void Walk(JsonNode? node, string path, List<(string Path, string? Value)> list)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    Walk(child, path.Length == 0 ? key : path + "." + key, list);
                }
                break;
            case JsonArray array when array.Count > 0 && array.All(e => e is JsonValue or null):
                // Short lists of scalars read better whole: "[10, 15, 20]".
                list.Add((path, "[" + string.Join(", ", array.Select(Scalar)) + "]"));
                break;
            case JsonArray array:
                if (array.Count == 0)
                {
                    list.Add((path, "[]"));
                }
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), list);
                }
                break;
            default:
                list.Add((path, Scalar(node)));
                break;
        }
    }

    private static string Scalar(JsonNode? node) => node is null
        ? "null"
        : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
}
