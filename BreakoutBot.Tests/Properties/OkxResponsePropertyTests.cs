using System.Text.Json.Nodes;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using CsCheck;
using Shouldly;

namespace BreakoutBot.Tests.Properties;

/// <summary>
/// Property: any mutation of an OKX trade-call response (fields removed or of the wrong type, random values,
/// truncation) parses to a result or a typed <see cref="OkxError"/> with a message; never an exception.
/// The sample body is written here from the documented envelope shape. Fixed seed and bounded count.
/// </summary>
public sealed class OkxResponsePropertyTests
{
    private const string Seed = "0N0XIzNsQ0O2";

    private const string PlaceOrderResponse =
        """{"code":"0","msg":"","data":[{"clOrdId":"bb1","ordId":"12345","tag":"","ts":"1695190491421","sCode":"0","sMsg":"Order placed"}],"inTime":"1695190491421339","outTime":"1695190491423240"}""";

    private static readonly Gen<JsonNode?> RandomValue = Gen.OneOf(
        Gen.Decimal.Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Long.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Int[0, 3].Select(i => (JsonNode?)JsonValue.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        Gen.Const((JsonNode?)null),
        Gen.Const(0).Select(_ => (JsonNode?)new JsonArray(1, "x", null)),
        Gen.Const(0).Select(_ => (JsonNode?)new JsonObject { ["sCode"] = 1 }));

    private static readonly Gen<string> Bodies =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1000], RandomValue, Gen.Int[0, 500]).Array[1, 4].Select(Apply);

    [Fact]
    public void Mutated_okx_responses_parse_to_a_result_or_a_typed_error_and_never_throw()
    {
        Gen.Select(Bodies, Gen.OneOf(Gen.Const(200), Gen.Const(400), Gen.Const(429), Gen.Int[100, 599])).Sample(
            sample =>
            {
                var single = OkxResponseParser.ParseAction(sample.Item1, sample.Item2);
                if (!single.IsSuccess)
                {
                    single.Error!.Message.ShouldNotBeNullOrWhiteSpace();
                }
                var all = OkxResponseParser.ParseActions(sample.Item1, sample.Item2);
                if (!all.IsSuccess)
                {
                    all.Error!.Message.ShouldNotBeNullOrWhiteSpace();
                }
            },
            seed: Seed,
            iter: 2000,
            threads: 1,
            print: sample => $"HTTP {sample.Item2}: {sample.Item1}");
    }

    [Fact]
    public void The_unmutated_sample_is_a_successful_action()
    {
        OkxResponseParser.ParseAction(PlaceOrderResponse, 200).IsSuccess.ShouldBeTrue();
    }

    private static string Apply((int Op, int Target, JsonNode? Value, int Amount)[] mutations)
    {
        var root = JsonNode.Parse(PlaceOrderResponse)!;
        foreach (var (op, target, value, amount) in mutations)
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
                else if (node is JsonArray array)
                {
                    foreach (var child in array)
                    {
                        Walk(child);
                    }
                }
            }
            Walk(root);
            if (slots.Count == 0)
            {
                break;
            }
            var (parent, key) = slots[target % slots.Count];
            switch (op)
            {
                case 0:
                    parent.Remove(key);
                    break;
                case 1:
                    parent[key] = value?.DeepClone();
                    break;
                default:
                    var text = root.ToJsonString();
                    return text[..(amount % (text.Length + 1))];
            }
        }
        return root.ToJsonString();
    }
}
