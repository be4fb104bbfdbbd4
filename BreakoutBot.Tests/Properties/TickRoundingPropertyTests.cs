using System.Globalization;
using BreakoutBot.Domain.Markets;
using CsCheck;
using Shouldly;

namespace BreakoutBot.Tests.Properties;

/// <summary>
/// Property: rounding a price to the tick gives what the rule "divide by the tick, round to an integer, multiply back"
/// gives, value and written form (the report prints prices as they are), for power-of-ten ticks (rounded at their decimal
/// place) and any other tick. Fixed seed and bounded count so CI is repeatable.
/// </summary>
public sealed class TickRoundingPropertyTests
{
    private const string Seed = "0N0XIzNsQ0O2";

    private static readonly decimal[] Ticks = [1m, 0.1m, 0.01m, 0.0001m, 0.00001m, 0.010m, 0.5m, 0.25m, 5m, 10m, 0.0005m, 1.0m];

    // Prices as the modelled book makes them: a close with a few decimals times (1 ± a half spread with many digits).
    private static readonly Gen<decimal> Prices =
        Gen.Select(Gen.Decimal[0.00001m, 200_000m], Gen.Int[0, 8], Gen.Double[0, 0.01], Gen.Bool)
            .Select(p => decimal.Round(p.Item1, p.Item2) * (p.Item4 ? 1m + (decimal)p.Item3 : 1m - (decimal)p.Item3));

    [Fact]
    public void Rounding_to_the_tick_matches_dividing_by_it_for_every_tick()
    {
        Gen.Select(Prices, Gen.Int[0, Ticks.Length - 1]).Sample(
            p =>
            {
                var (price, tick) = (p.Item1, Ticks[p.Item2]);
                var instrument = new Instrument("X-USDT-SWAP", InstrumentKind.Swap, tick, 1m, 1m);
                Same(instrument.RoundPriceDown(price), decimal.Floor(price / tick) * tick, price, tick);
                Same(instrument.RoundPriceUp(price), decimal.Ceiling(price / tick) * tick, price, tick);
                Same(instrument.RoundPrice(price), decimal.Round(price / tick, MidpointRounding.AwayFromZero) * tick, price, tick);
            },
            seed: Seed,
            iter: 20_000);
    }

    // Quotes as the modelled book makes them: a close on the tick, moved by a half spread that is either arbitrary or a
    // round number of bps (which often lands exactly on a tick, where doubles cannot tell the side).
    private static readonly Gen<double> Offsets =
        Gen.OneOf(Gen.Double[0.000025, 0.0025], Gen.Int[1, 50].Select(bps => bps / 20_000d), Gen.Int[1, 25].Select(bps => bps / 10_000d));

    [Fact]
    public void An_offset_price_is_the_decimal_product_rounded_outwards_for_every_tick()
    {
        Gen.Select(Gen.Decimal[0.00001m, 200_000m], Gen.Int[0, Ticks.Length - 1], Offsets, Gen.Bool).Sample(
            p =>
            {
                var tick = Ticks[p.Item2];
                var instrument = new Instrument("X-USDT-SWAP", InstrumentKind.Swap, tick, 1m, 1m);
                var close = Math.Max(instrument.RoundPrice(p.Item1), tick);
                var offset = p.Item4 ? p.Item3 : -p.Item3;
                var product = close * (1m + (decimal)offset);
                var expected = offset < 0 ? instrument.RoundPriceDown(product) : instrument.RoundPriceUp(product);
                Same(instrument.OffsetPrice(close, offset), expected, product, tick);
            },
            seed: Seed,
            iter: 50_000);
    }

    [Theory]
    [InlineData("0.1", "40000.0", -0.0025, "39900.0")]
    [InlineData("0.1", "40000.0", 0.0025, "40100.0")]
    [InlineData("0.1", "40000.0", -0.0001, "39996.0")]
    [InlineData("0.01", "123.45", 0.00013, "123.47")]
    [InlineData("0.01", "123.45", -0.00013, "123.43")]
    [InlineData("0.5", "10.5", 0.001, "11.0")]
    public void An_offset_price_on_a_tick_stays_there_and_one_between_ticks_goes_outwards(string tick, string close, double offset, string expected)
    {
        var instrument = new Instrument("X-USDT-SWAP", InstrumentKind.Swap, Dec(tick), 1m, 1m);
        Text(instrument.OffsetPrice(Dec(close), offset)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("0.01", "123.456", "123.45", "123.46", "123.46")]
    [InlineData("0.01", "123.4", "123.40", "123.40", "123.40")]
    [InlineData("0.010", "2.0005", "2.000", "2.010", "2.000")]
    [InlineData("0.1", "0.05", "0.0", "0.1", "0.1")]
    [InlineData("1", "41999.5", "41999", "42000", "42000")]
    [InlineData("0.5", "10.74", "10.5", "11.0", "10.5")]
    public void Worked_examples_keep_the_ticks_decimals(string tick, string price, string down, string up, string nearest)
    {
        var instrument = new Instrument("X-USDT-SWAP", InstrumentKind.Swap, Dec(tick), 1m, 1m);
        Text(instrument.RoundPriceDown(Dec(price))).ShouldBe(down);
        Text(instrument.RoundPriceUp(Dec(price))).ShouldBe(up);
        Text(instrument.RoundPrice(Dec(price))).ShouldBe(nearest);
    }

    private static void Same(decimal actual, decimal expected, decimal price, decimal tick)
    {
        actual.ShouldBe(expected, $"price {price}, tick {tick}");
        Text(actual).ShouldBe(Text(expected), $"price {price}, tick {tick}");
    }

    private static decimal Dec(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    private static string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
