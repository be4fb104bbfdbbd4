using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Tests.Domain.Risk;

public class PositionSizerTests
{
    private static readonly Instrument Fine = new("TEST-USDT-SWAP", InstrumentKind.Swap, 0.01m, 0.0001m, 0.0001m, 1m);

    [Fact]
    public void SizesTheOriginalWorkedCaseExactly()
    {
        // Risk 2 %, equity 10,000, entry 100, stop 98 → quantity 100, notional 10,000, risk 200 (1 R).
        var size = PositionSizer.Size(10_000m, 0.02, 100m, 98m, PositionSide.Long, Fine, 10_000m, null);

        size.IsValid.ShouldBeTrue(size.Reason);
        size.Quantity.ShouldBe(100m);
        size.Notional.ShouldBe(10_000m);
        size.RiskUsd.ShouldBe(200m);
        size.RiskR.ShouldBe(1.0, 1e-12);
        size.StopDistance.ShouldBe(2m);
    }

    [Fact]
    public void SizesShortsSymmetrically()
    {
        var size = PositionSizer.Size(10_000m, 0.02, 100m, 102m, PositionSide.Short, Fine, null, null);

        size.IsValid.ShouldBeTrue(size.Reason);
        size.Quantity.ShouldBe(100m);
        size.RiskUsd.ShouldBe(200m);
    }

    [Fact]
    public void RejectsAStopEqualToTheEntry()
    {
        var size = PositionSizer.Size(10_000m, 0.02, 100m, 100m, PositionSide.Long, Fine, null, null);

        size.IsValid.ShouldBeFalse();
        size.Quantity.ShouldBe(0m);
        size.Reason.ShouldContain("stop distance");
    }

    [Fact]
    public void RejectsAStopOnTheWrongSide()
    {
        PositionSizer.Size(10_000m, 0.02, 100m, 101m, PositionSide.Long, Fine, null, null).IsValid.ShouldBeFalse();
        PositionSizer.Size(10_000m, 0.02, 100m, 99m, PositionSide.Short, Fine, null, null).IsValid.ShouldBeFalse();
    }

    [Fact]
    public void CapsByTheMaximumNotional()
    {
        // Equity 100k would size 1,000 units; the 10k notional cap allows 100.
        var size = PositionSizer.Size(100_000m, 0.02, 100m, 98m, PositionSide.Long, Fine, 10_000m, null);

        size.Quantity.ShouldBe(100m);
        size.CappedByNotional.ShouldBeTrue();
        size.RiskUsd.ShouldBeLessThan(2_000m);
    }

    [Fact]
    public void CapsByTheAskDepthWithinPointThreePercentForALong()
    {
        var book = new OrderBookSummary(99.99m, 100m, 50_000m, 1_000m, 60_000m, 2_000m, 0.1);

        var size = PositionSizer.Size(10_000m, 0.02, 100m, 98m, PositionSide.Long, Fine, null, book);

        size.CappedByDepth.ShouldBeTrue();
        size.Quantity.ShouldBe(8m); // 0.8 × 1,000 / 100
    }

    [Fact]
    public void RoundsDownToTheLotStepAndRejectsBelowTheMinimum()
    {
        var coarse = new Instrument("BTC-USDT-SWAP", InstrumentKind.Swap, 0.1m, 1m, 1m, 0.01m); // 0.01 BTC lots
        var size = PositionSizer.Size(10_000m, 0.01, 50_000m, 49_000m, PositionSide.Long, coarse, null, null);

        size.Quantity.ShouldBe(0.1m); // 100 USDT risk / 1,000 = 0.1 BTC exactly
        var tiny = PositionSizer.Size(100m, 0.01, 50_000m, 49_000m, PositionSide.Long, coarse, null, null);
        tiny.IsValid.ShouldBeFalse(); // 0.001 BTC rounds down to zero lots
    }

    [Fact]
    public void NeverRisksMoreThanThePresetAllows()
    {
        var random = new Random(20261124);
        for (var i = 0; i < 5_000; i++)
        {
            var equity = (decimal)(random.NextDouble() * 1_000_000 + 100);
            var riskPerTrade = 0.001 + (random.NextDouble() * 0.05);
            var entry = (decimal)Math.Round(random.NextDouble() * 60_000 + 0.01, 2);
            var stopDistance = entry * (decimal)(0.001 + (random.NextDouble() * 0.1));
            var side = random.Next(2) == 0 ? PositionSide.Long : PositionSide.Short;
            var stop = side == PositionSide.Long ? entry - stopDistance : entry + stopDistance;
            var lot = new[] { 0.0001m, 0.001m, 0.01m, 1m }[random.Next(4)];
            var instrument = new Instrument("R-USDT-SWAP", InstrumentKind.Swap, 0.01m, lot, lot, 1m);
            decimal? cap = random.Next(3) == 0 ? (decimal)(random.NextDouble() * 100_000 + 10) : null;

            var size = PositionSizer.Size(decimal.Round(equity, 2), riskPerTrade, entry, stop, side, instrument, cap, null);

            if (!size.IsValid)
            {
                continue;
            }
            size.RiskUsd.ShouldBeLessThanOrEqualTo(decimal.Round(equity, 2) * (decimal)riskPerTrade, $"case {i}");
            (size.Quantity % instrument.QuantityStep).ShouldBe(0m);
            if (cap is { } c)
            {
                size.Notional.ShouldBeLessThanOrEqualTo(c);
            }
        }
    }
}
