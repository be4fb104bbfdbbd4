using System.Globalization;
using BreakoutBot.Domain.Common;
using CsCheck;
using Shouldly;

namespace BreakoutBot.Tests.Properties;

/// <summary>
/// Property: <see cref="Cents.Round"/> gives the value and written form of rounding the decimal conversion to two decimals
/// (halves to even), whichever of its two paths answers: amounts between whole cents, whole cents, halves, and the very
/// small, very large and negative amounts the fast path leaves to decimals. Fixed seed and bounded count.
/// </summary>
public sealed class CentsPropertyTests
{
    private const string Seed = "0N0XIzNsQ0O2";

    private static readonly Gen<double> Amounts = Gen.OneOf(
        Gen.Double[0, 1e9],
        Gen.Double[-1e6, 0],
        Gen.Double[0, 1],
        Gen.Long[0, 10_000_000_000].Select(c => c / 100d),
        Gen.Long[0, 10_000_000_000].Select(c => (c + 0.5) / 100d),
        Gen.Int[0, 1_000_000].Select(c => c / 10d));

    [Fact]
    public void Rounding_to_cents_matches_the_decimal_rule()
    {
        Amounts.Sample(
            value =>
            {
                var expected = decimal.Round((decimal)value, 2, MidpointRounding.ToEven);
                var actual = Cents.Round(value);
                actual.ShouldBe(expected, $"value {value:R}");
                Text(actual).ShouldBe(Text(expected), $"value {value:R}");
            },
            seed: Seed,
            iter: 100_000);
    }

    [Theory]
    [InlineData(1234.5678, "1234.57")]
    [InlineData(1234.5, "1234.5")]
    [InlineData(1500.0, "1500")]
    [InlineData(0.125, "0.12")]
    [InlineData(0.135, "0.14")]
    [InlineData(3.999, "4.00")]
    public void Worked_examples(double value, string expected) => Text(Cents.Round(value)).ShouldBe(expected);

    private static string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
