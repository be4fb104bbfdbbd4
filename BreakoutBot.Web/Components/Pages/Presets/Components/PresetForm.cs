using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Web.Components.Pages.Presets.Components;

/// <summary>
/// The editable state of a preset form. Fields come from the preset's JSON (so every value of the model is offered,
/// grouped like the model); <see cref="Validate"/> rebuilds the preset and runs the serializer and
/// <see cref="PresetValidator"/>, keeping each error under the path of the field it is about.
/// </summary>
public sealed class PresetForm
{
    private static readonly (string Key, string Title)[] SectionTitles =
    [
        ("risk", "Risk"),
        ("liquidity_filters", "Liquidity filters"),
        ("volatility_filters", "Volatility filters"),
        ("signal_config", "Signals"),
        ("position_config", "Positions"),
        ("scanner_config", "Scanner"),
        ("execution_config", "Execution"),
        ("levels_rules", "Levels"),
    ];

    private static readonly HashSet<string> SymbolLists = new(StringComparer.Ordinal)
    {
        "scanner_config.symbol_whitelist",
        "scanner_config.symbol_blacklist",
    };

    private readonly JsonObject _original;
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public PresetForm(TradingPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        _original = JsonNode.Parse(PresetSerializer.Serialize(preset))!.AsObject();
        Name = preset.Name;
        Description = preset.Description;
        TargetMarkets = preset.TargetMarkets;
        StrategyPriority = preset.StrategyPriority;
        var sections = new List<PresetFormSection>();
        foreach (var (key, title) in SectionTitles)
        {
            var fields = new List<PresetField>();
            if (_original[key] is JsonObject section)
            {
                Collect(section, key, fields);
            }
            sections.Add(new PresetFormSection(key, title, fields));
        }
        Sections = sections;
    }

    public string Name { get; set; }

    public string Description { get; set; }

    public string TargetMarkets { get; set; }

    public StrategyPriority StrategyPriority { get; set; }

    public IReadOnlyList<PresetFormSection> Sections { get; }

    /// <summary>Every error found by the last <see cref="Validate"/>.</summary>
    public IReadOnlyList<PresetError> Errors { get; private set; } = [];

    /// <summary>The preset built by the last <see cref="Validate"/>; null while the form is invalid.</summary>
    public TradingPreset? Preset { get; private set; }

    public bool IsValid => Errors.Count == 0 && Preset is not null;

    /// <summary>The error message(s) for one field (list items included), or null.</summary>
    public string? ErrorFor(string path) => _errors.TryGetValue(path, out var list) ? string.Join(" ", list) : null;

    /// <summary>Errors that belong to no single field of the form (cross-field rules, the name, the whole document).</summary>
    public IEnumerable<PresetError> GeneralErrors => Errors.Where(e => !IsFieldPath(FieldOf(e.Field)));

    /// <summary>Rebuilds the preset from the form and checks it; returns whether it is valid.</summary>
    public bool Validate()
    {
        var errors = new List<PresetError>();
        var doc = _original.DeepClone().AsObject();
        doc["name"] = Name;
        doc["description"] = Description;
        doc["target_markets"] = TargetMarkets;
        doc["strategy_priority"] = StrategyPriority == Domain.Presets.StrategyPriority.Retest ? "retest" : "momentum";
        foreach (var field in Sections.SelectMany(s => s.Fields))
        {
            if (ToNode(field, out var node) is { } problem)
            {
                errors.Add(new PresetError(field.Path, problem));
                continue;
            }
            Set(doc, field.Path, node);
        }
        // The serializer stops at the first field it cannot read (a number the preset needs, emptied) and the value rules
        // never ran: "1 problem" showed while others waited for it. Report it, read on with its saved value, then check.
        var json = doc.ToJsonString();
        var parsed = PresetSerializer.Deserialize(json);
        var restored = new HashSet<string>(StringComparer.Ordinal);
        while (!parsed.IsSuccess && parsed.Errors.Count == 1 && FieldOf(parsed.Errors[0].Field) is var unread && IsFieldPath(unread) && restored.Add(unread))
        {
            errors.Add(parsed.Errors[0]);
            Set(doc, unread, Original(unread));
            json = doc.ToJsonString();
            parsed = PresetSerializer.Deserialize(json);
        }
        var result = parsed.IsSuccess ? PresetSerializer.DeserializeAndValidate(json) : parsed;
        errors.AddRange(result.Errors);
        Errors = errors;
        Preset = errors.Count == 0 ? result.Preset : null;
        _errors.Clear();
        foreach (var e in errors)
        {
            var key = FieldOf(e.Field);
            if (!_errors.TryGetValue(key, out var list))
            {
                _errors[key] = list = [];
            }
            list.Add(e.Message);
        }
        return IsValid;
    }

    /// <summary>The value the preset being edited has at <paramref name="path"/> (a copy), null when it has none.</summary>
    private JsonNode? Original(string path)
    {
        JsonNode? node = _original;
        foreach (var key in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[key] : null;
        }
        return node?.DeepClone();
    }

    /// <summary>"levels_rules.donchian_periods[1]" → "levels_rules.donchian_periods" (list items are edited as one field).</summary>
    private static string FieldOf(string path)
    {
        var bracket = path.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? path : path[..bracket];
    }

    private bool IsFieldPath(string path) =>
        path is "description" or "target_markets" or "strategy_priority"
        || Sections.Any(s => s.Fields.Any(f => f.Path == path));

    private static void Collect(JsonObject obj, string prefix, List<PresetField> fields)
    {
        foreach (var (key, value) in obj)
        {
            var path = prefix + "." + key;
            switch (value)
            {
                case JsonObject nested:
                    Collect(nested, path, fields);
                    break;
                case JsonArray array:
                    var listKind = SymbolLists.Contains(path) ? PresetFieldKind.SymbolList : PresetFieldKind.NumberList;
                    fields.Add(new PresetField(path, PresetLabels.For(path), listKind) { Text = string.Join(", ", array.Select(Scalar)) });
                    break;
                case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    fields.Add(new PresetField(path, PresetLabels.For(path), PresetFieldKind.Boolean) { Flag = v.GetValue<bool>() });
                    break;
                default:
                    var kind = SymbolLists.Contains(path) ? PresetFieldKind.SymbolList : PresetFieldKind.Number;
                    fields.Add(new PresetField(path, PresetLabels.For(path), kind) { Text = value is null ? "" : Scalar(value) });
                    break;
            }
        }
    }

    private static string Scalar(JsonNode? node) => node is null
        ? ""
        : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    /// <summary>The JSON for a field's input, or a message saying why the input is not a value of that kind.</summary>
    private static string? ToNode(PresetField field, out JsonNode? node)
    {
        node = null;
        var text = field.Text?.Trim() ?? "";
        switch (field.Kind)
        {
            case PresetFieldKind.Boolean:
                node = JsonValue.Create(field.Flag);
                return null;
            case PresetFieldKind.Number:
                if (text.Length == 0)
                {
                    return null;
                }
                return TryNumber(text, out node) ? null
                    : IsBeyondAnyField(text) ? $"{field.Path} is out of range for this field: the number is larger in size than the field can hold."
                    : $"{field.Path} must be a number; got \"{text}\".";
            case PresetFieldKind.SymbolList:
                var symbols = Split(text);
                node = symbols.Count == 0 ? null : new JsonArray([.. symbols.Select(s => (JsonNode?)JsonValue.Create(s))]);
                return null;
            default:
                var array = new JsonArray();
                foreach (var part in Split(text))
                {
                    if (!TryNumber(part, out var item))
                    {
                        return $"{field.Path} must be numbers separated by commas; \"{part}\" is not a number.";
                    }
                    array.Add(item);
                }
                node = array;
                return null;
        }
    }

    private static List<string> Split(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static bool TryNumber(string text, out JsonNode? node)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            node = JsonValue.Create(d);
            return true;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x))
        {
            node = JsonValue.Create(x);
            return true;
        }
        node = null;
        return false;
    }

    /// <summary>A number (1e400) too large in size for a double, the widest type of a preset's numbers.</summary>
    private static bool IsBeyondAnyField(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsInfinity(x);

    private static void Set(JsonObject doc, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var target = doc;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            target = target[parts[i]]!.AsObject();
        }
        target[parts[^1]] = value;
    }
}
