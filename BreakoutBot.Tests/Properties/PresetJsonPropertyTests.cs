using System.Text.Json.Nodes;
using BreakoutBot.Domain.Presets;
using CsCheck;
using Shouldly;

namespace BreakoutBot.Tests.Properties;

/// <summary>
/// Property: any mutation of a bundled preset's JSON (fields removed, values of the wrong type, random numbers,
/// truncation, deep nesting) loads to a valid preset or to errors that each name a field; it never throws.
/// Fixed seed and bounded count; CsCheck prints the seed of a failing case.
/// </summary>
public sealed class PresetJsonPropertyTests
{
    private const string Seed = "0N0XIzNsQ0O2";

    private static readonly string Valid = PresetSerializer.Serialize(PresetCatalog.Get(PresetCatalog.Names[0]));

    private static readonly Gen<JsonNode?> RandomValue = Gen.OneOf(
        Gen.Decimal.Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Double.Select(d => (JsonNode?)(double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Long.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Const((JsonNode?)null),
        Gen.Const<JsonNode?>(0).Select(_ => (JsonNode?)new JsonArray(1, "x", null)),
        Gen.Const<JsonNode?>(0).Select(_ => (JsonNode?)new JsonObject { ["unknown_field"] = 1 }));

    private static readonly Gen<(int Op, int Target, JsonNode? Value, int Amount)> Mutation =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1000], RandomValue, Gen.Int[0, 5000]);

    private static readonly Gen<string> Documents = Mutation.Array[1, 5].Select(Apply);

    [Fact]
    public void Mutated_preset_json_loads_to_a_valid_preset_or_errors_naming_a_field_and_never_throws()
    {
        Documents.Sample(
            json =>
            {
                var result = PresetSerializer.DeserializeAndValidate(json);
                if (result.IsSuccess)
                {
                    result.Preset.ShouldNotBeNull();
                    result.Errors.ShouldBeEmpty();
                }
                else
                {
                    result.Preset.ShouldBeNull();
                    result.Errors.ShouldNotBeEmpty();
                    result.Errors.ShouldAllBe(e => !string.IsNullOrWhiteSpace(e.Field) && !string.IsNullOrWhiteSpace(e.Message));
                }
            },
            seed: Seed,
            iter: 1500,
            threads: 1,
            print: json => json);
    }

    [Fact]
    public void The_unmutated_bundled_preset_is_valid()
    {
        PresetSerializer.DeserializeAndValidate(Valid).IsSuccess.ShouldBeTrue();
    }

    private static string Apply((int Op, int Target, JsonNode? Value, int Amount)[] mutations)
    {
        var root = JsonNode.Parse(Valid)!;
        var text = (string?)null;
        foreach (var (op, target, value, amount) in mutations)
        {
            var slots = Slots(root);
            var (parent, key) = slots[target % slots.Count];
            switch (op)
            {
                case 0:
                    parent.Remove(key);
                    break;
                case 1:
                    parent[key] = value?.DeepClone();
                    break;
                case 2:
                    parent[key] = Nest(amount % 300);
                    break;
                default:
                    text = root.ToJsonString();
                    text = text[..(amount % (text.Length + 1))];
                    break;
            }
            if (text is not null)
            {
                return text;
            }
        }
        return root.ToJsonString();
    }

    private static JsonNode Nest(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["x"] = node };
        }
        return node;
    }

    /// <summary>Every (object, property name) in the document, depth first.</summary>
    private static List<(JsonObject Parent, string Key)> Slots(JsonNode root)
    {
        var slots = new List<(JsonObject, string)>();
        void Walk(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                foreach (var (key, child) in obj.ToList())
                {
                    slots.Add((obj, key));
                    Walk(child);
                }
            }
        }
        Walk(root);
        return slots;
    }
}
