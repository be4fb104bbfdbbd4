using System.Text;
using BreakoutBot.Domain.Common;
using BreakoutBot.Infrastructure.MarketData;
using CsCheck;
using Shouldly;

namespace BreakoutBot.Tests.Properties;

/// <summary>
/// Property: whatever a candle CSV file holds, the loader returns candles in strictly increasing time with
/// consistent prices, or throws its typed <see cref="DomainException"/> naming the file (and line); never any other
/// exception. Fixed seed and bounded count so CI is repeatable; CsCheck prints the seed of a failing case.
/// </summary>
public sealed class CandleCsvPropertyTests
{
    private const string Seed = "0N0XIzNsQ0O2";
    private const string FileName = "BTC-USDT-SWAP.csv";

    private static readonly string[] ValidLines =
    [
        CandleCsvLoader.Header,
        "1651363200000,38000.5,38100,37900,38050,12.5",
        "1651363260000,38050,38200,38000,38150,3",
        "2022-05-01T00:02:00Z,38150,38150,38150,38150,0",
        "1651363380000,38150,38300,38100,38250,7.25",
    ];

    private static readonly string[] OddFields =
    [
        "", " ", "NaN", "Infinity", "-1", "0", "1e400", "79228162514264337593543950336", "99999999999999999999999",
        "abc", "1,2", "💥", "é", "\0", "\"38000\"", "-9223372036854775808", "9223372036854775807",
        "2022-13-01T00:00:00Z", "2022-05-01", "1.5.5", "+5", "0x10", "\r", ",,,,,",
    ];

    private static readonly Gen<Func<List<string>, List<string>>> Mutation = Gen.OneOf(
        Gen.Int[0, 10].Select<int, Func<List<string>, List<string>>>(i => lines => Remove(lines, i)),
        Gen.Int[0, 10].Select<int, Func<List<string>, List<string>>>(i => lines => Duplicate(lines, i)),
        Gen.Select(Gen.Int[0, 10], Gen.Int[0, 10]).Select<(int, int), Func<List<string>, List<string>>>(p => lines => Swap(lines, p.Item1, p.Item2)),
        Gen.Select(Gen.Int[0, 10], Gen.Int[0, 7], Gen.OneOf(Gen.Int[0, OddFields.Length - 1].Select(k => OddFields[k]), Gen.String, Gen.Decimal.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture))))
            .Select<(int, int, string), Func<List<string>, List<string>>>(p => lines => ReplaceField(lines, p.Item1, p.Item2, p.Item3)),
        Gen.Select(Gen.Int[0, 10], Gen.String).Select<(int, string), Func<List<string>, List<string>>>(p => lines => Insert(lines, p.Item1, p.Item2)));

    private static readonly Gen<(byte[] Bytes, bool Repair)> Files =
        Gen.Select(Mutation.Array[0, 6], Gen.Bool, Gen.Int[0, 400], Gen.Bool)
            .Select(p =>
            {
                var lines = p.Item1.Aggregate(ValidLines.ToList(), (current, mutate) => mutate(current));
                var bytes = Encoding.UTF8.GetBytes(string.Join(p.Item4 ? "\r\n" : "\n", lines));
                // Sometimes cut the file at an arbitrary byte (possibly inside a multi-byte character).
                return (p.Item2 && bytes.Length > 0 ? bytes[..Math.Min(bytes.Length, p.Item3)] : bytes, p.Item2 ^ p.Item4);
            });

    [Fact]
    public void Random_csv_files_parse_to_ordered_consistent_candles_or_a_typed_error_naming_the_file()
    {
        Files.Sample(
            file =>
            {
                try
                {
                    var parsed = CandleCsvLoader.Parse(file.Bytes, "BTC-USDT-SWAP", FileName, file.Repair);
                    parsed.Candles.ShouldNotBeEmpty();
                    for (var i = 0; i < parsed.Candles.Count; i++)
                    {
                        var c = parsed.Candles[i];
                        c.High.ShouldBeGreaterThanOrEqualTo(Math.Max(c.Open, c.Close));
                        c.Low.ShouldBeLessThanOrEqualTo(Math.Min(c.Open, c.Close));
                        c.Volume.ShouldBeGreaterThanOrEqualTo(0m);
                        if (i > 0)
                        {
                            c.Time.ShouldBeGreaterThan(parsed.Candles[i - 1].Time);
                        }
                    }
                }
                catch (DomainException ex)
                {
                    ex.Message.ShouldStartWith(FileName);
                }
            },
            seed: Seed,
            iter: 3000,
            threads: 1,
            print: file => Encoding.UTF8.GetString(file.Bytes).Replace("\n", "⏎", StringComparison.Ordinal));
    }

    private static List<string> Remove(List<string> lines, int i)
    {
        if (lines.Count > 0)
        {
            lines.RemoveAt(i % lines.Count);
        }
        return lines;
    }

    private static List<string> Duplicate(List<string> lines, int i)
    {
        if (lines.Count > 0)
        {
            lines.Insert(i % lines.Count, lines[i % lines.Count]);
        }
        return lines;
    }

    private static List<string> Swap(List<string> lines, int i, int j)
    {
        if (lines.Count > 0)
        {
            (lines[i % lines.Count], lines[j % lines.Count]) = (lines[j % lines.Count], lines[i % lines.Count]);
        }
        return lines;
    }

    private static List<string> Insert(List<string> lines, int i, string text)
    {
        lines.Insert(i % (lines.Count + 1), text);
        return lines;
    }

    private static List<string> ReplaceField(List<string> lines, int i, int field, string value)
    {
        if (lines.Count == 0)
        {
            return lines;
        }
        var fields = lines[i % lines.Count].Split(',');
        fields[field % fields.Length] = value;
        lines[i % lines.Count] = string.Join(',', fields);
        return lines;
    }
}
