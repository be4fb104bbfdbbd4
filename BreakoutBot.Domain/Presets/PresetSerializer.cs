using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace BreakoutBot.Domain.Presets;

/// <summary>
/// Reads and writes presets in the original bot's JSON format: snake_case field names, unknown fields rejected,
/// missing required fields and nulls in non-optional fields rejected. Bad input gives errors, never an exception.
/// </summary>
public static partial class PresetSerializer
{
    /// <summary>The serializer options used for presets (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Parses a preset. Only checks the JSON shape; see <see cref="DeserializeAndValidate"/> for the value rules.</summary>
    public static PresetLoadResult Deserialize(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return PresetLoadResult.Fail("$", "Preset JSON is empty.");
        }
        try
        {
            var preset = JsonSerializer.Deserialize<TradingPreset>(json, Options);
            return preset is null
                ? PresetLoadResult.Fail("$", "Preset JSON is null; expected an object.")
                : PresetLoadResult.Ok(preset);
        }
        catch (JsonException ex)
        {
            return PresetLoadResult.Fail([ToError(ex)]);
        }
    }

    /// <summary>Parses a preset and, if that succeeds, applies <see cref="PresetValidator"/>.</summary>
    public static PresetLoadResult DeserializeAndValidate(string json)
    {
        var parsed = Deserialize(json);
        if (!parsed.IsSuccess)
        {
            return parsed;
        }
        var errors = PresetValidator.Validate(parsed.Preset!);
        return errors.Count == 0 ? parsed : PresetLoadResult.Fail(errors);
    }

    /// <summary>Writes a preset as indented JSON that <see cref="Deserialize"/> reads back to an equal preset.</summary>
    public static string Serialize(TradingPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return JsonSerializer.Serialize(preset, Options);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.Strict,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = false,
            WriteIndented = true,
            IndentSize = 2,
            NewLine = "\n",
        };
        foreach (var converter in PresetNumberConverters.All)
        {
            options.Converters.Add(converter);
        }
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static PresetError ToError(JsonException ex)
    {
        var field = ToField(ex.Path);
        var message = PathSuffix().Replace(ex.Message, string.Empty).Trim();
        var unmapped = UnmappedProperty().Match(message);
        if (unmapped.Success)
        {
            var name = unmapped.Groups["name"].Value;
            field = field == name || field.EndsWith("." + name, StringComparison.Ordinal) ? field : Join(field, name);
            message = $"Unknown property '{name}' at {field}.";
        }
        else if (MissingRequired().Match(message) is { Success: true } missing)
        {
            var names = missing.Groups["names"].Value;
            var first = FirstQuoted().Match(names);
            var owner = field == "$" ? "Preset" : field;
            field = first.Success ? Join(field, first.Groups["name"].Value) : field;
            message = $"{owner} is missing required properties: {names}.";
        }
        else if (message.StartsWith(PresetNumberConverters.OutOfRange + ":", StringComparison.Ordinal))
        {
            // A number beyond the field's type (1e400): said so, without echoing what the number would have been read as.
            message = $"{(field == "$" ? "The preset" : field)} is out of range for this field{message[PresetNumberConverters.OutOfRange.Length..]}.";
        }
        else if (NullNotAllowed().IsMatch(message))
        {
            message = $"{field} must not be null.";
        }
        else if (NotConvertible().Match(message) is { Success: true } conversion)
        {
            message = $"{(field == "$" ? "The preset" : field)} must be {Describe(conversion.Groups["type"].Value)}.";
        }
        else if (!ex.Message.Contains("LineNumber:", StringComparison.Ordinal))
        {
            // A converter's own message (e.g. strategy_priority's list of allowed values).
            message = message.StartsWith(field, StringComparison.Ordinal) || field == "$" ? message : $"{field}: {message}";
        }
        else
        {
            // Anything else is a syntax error; the parser's own wording (token names, line and byte positions) means
            // nothing to someone filling in a form, so name the field instead.
            message = field == "$"
                ? "The preset is not valid JSON (check quotes, commas and brackets)."
                : $"{field} is not valid JSON (check quotes, commas and brackets at or just before it).";
        }
        return new PresetError(field, message);
    }

    /// <summary>"$.risk.risk_per_trade" → "risk.risk_per_trade"; "$['a b']" → "a b"; "$.x[1]" stays "x[1]"; "$" or null → "$".</summary>
    private static string ToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "$";
        }
        var field = BracketSegment().Replace(path, ".${name}");
        field = field.StartsWith("$.", StringComparison.Ordinal) ? field[2..] : field.TrimStart('$');
        return field.Length == 0 ? "$" : field;
    }

    private static string Describe(string clrType) => clrType switch
    {
        "System.Double" or "System.Decimal" => "a number",
        "System.Int32" => "a whole number",
        "System.Boolean" => "true or false",
        "System.String" => "a string",
        _ when clrType.StartsWith("System.Nullable", StringComparison.Ordinal) => "a number or null",
        _ when clrType.Contains("Dictionary", StringComparison.Ordinal) => "an object",
        _ when clrType.Contains("List", StringComparison.Ordinal) => "an array",
        _ => "an object",
    };

    private static string Join(string field, string name) => field == "$" ? name : $"{field}.{name}";

    [GeneratedRegex(@"\s*Path: .*$", RegexOptions.Singleline)]
    private static partial Regex PathSuffix();

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"missing required properties including: (?<names>.*?)\.?$", RegexOptions.Singleline)]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"'(?<name>[^']*)'")]
    private static partial Regex FirstQuoted();

    [GeneratedRegex("doesn't allow setting null values")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.?$")]
    private static partial Regex NotConvertible();

    [GeneratedRegex(@"\['(?<name>[^']*)'\]")]
    private static partial Regex BracketSegment();
}
