using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Execution;

public class EntryPriceGuardTests
{
    private const string Id = "SOL-USDT-SWAP";

    private static readonly Instrument Cents = new(Id, InstrumentKind.Swap, 0.01m, 1m, 1m);
    private static readonly Instrument Nickels = new(Id, InstrumentKind.Swap, 0.05m, 1m, 1m);

    private static Signal Signal(PositionSide side, decimal entry, decimal stop) =>
        TradingBuilder.SignalOn(Id, TradingBuilder.Start, side, entry, stop);

    private static ExecutionConfig Bps(double bps) => new() { MaxEntrySlippageBps = bps };

    [Fact]
    public void ALongMayPayUpToTheSlippageAboveItsEntryWhenTheStopIsFarAway()
    {
        // 10 bps of 100 = 0.10; half the stop distance = 1.00.
        EntryPriceGuard.LimitPrice(Signal(PositionSide.Long, 100m, 98m), Bps(10), Cents).ShouldBe(100.10m);
    }

    [Fact]
    public void AShortMaySellDownToTheSlippageBelowItsEntryWhenTheStopIsFarAway()
    {
        EntryPriceGuard.LimitPrice(Signal(PositionSide.Short, 100m, 102m), Bps(10), Cents).ShouldBe(99.90m);
    }

    [Fact]
    public void ALongIsCappedAtHalfTheStopDistanceWhenTheStopIsClose()
    {
        // 50 bps of 100 = 0.50, but half of the 0.10 stop distance is 0.05.
        EntryPriceGuard.LimitPrice(Signal(PositionSide.Long, 100m, 99.90m), Bps(50), Cents).ShouldBe(100.05m);
    }

    [Fact]
    public void AShortIsCappedAtHalfTheStopDistanceWhenTheStopIsClose()
    {
        EntryPriceGuard.LimitPrice(Signal(PositionSide.Short, 100m, 100.10m), Bps(50), Cents).ShouldBe(99.95m);
    }

    [Fact]
    public void TheSlippageIsInBasisPointsOfTheEntryPrice()
    {
        // 10 bps of 50,000 = 50.
        var instrument = new Instrument("BTC-USDT-SWAP", InstrumentKind.Swap, 0.1m, 1m, 1m, 0.01m);
        var signal = TradingBuilder.SignalOn(instrument.Id, TradingBuilder.Start, PositionSide.Long, 50_000m, 49_000m);

        EntryPriceGuard.LimitPrice(signal, Bps(10), instrument).ShouldBe(50_050m);
    }

    [Fact]
    public void ALongLimitIsRoundedDownToTheTickTowardsTheEntry()
    {
        // 100 + 0.07 = 100.07 on a 0.05 tick: 100.05, never 100.10.
        EntryPriceGuard.LimitPrice(Signal(PositionSide.Long, 100m, 90m), Bps(7), Nickels).ShouldBe(100.05m);
    }

    [Fact]
    public void AShortLimitIsRoundedUpToTheTickTowardsTheEntry()
    {
        // 100 − 0.07 = 99.93 on a 0.05 tick: 99.95, never 99.90.
        EntryPriceGuard.LimitPrice(Signal(PositionSide.Short, 100m, 110m), Bps(7), Nickels).ShouldBe(99.95m);
    }

    [Fact]
    public void RoundingAHalfStopCapKeepsAtLeastHalfTheRoomToTheStop()
    {
        // Half of 0.07 is 0.035: 100.035 / 99.965 round towards the entry to 100.03 / 99.97.
        EntryPriceGuard.LimitPrice(Signal(PositionSide.Long, 100m, 99.93m), Bps(50), Cents).ShouldBe(100.03m);
        EntryPriceGuard.LimitPrice(Signal(PositionSide.Short, 100m, 100.07m), Bps(50), Cents).ShouldBe(99.97m);
    }

    [Fact]
    public void WithoutAnInstrumentTheLimitIsNotRounded()
    {
        EntryPriceGuard.LimitPrice(Signal(PositionSide.Long, 100m, 90m), Bps(7), null).ShouldBe(100.07m);
        EntryPriceGuard.LimitPrice(Signal(PositionSide.Short, 100m, 110m), Bps(7), null).ShouldBe(99.93m);
    }

    [Fact]
    public void OnTheTickTheLimitIsNeverBetterThanTheEntryNorCloserToTheStopThanHalfItsDistanceNorOffTheTick()
    {
        // Entries and stops on the tick, as bar closes and exchange prices are.
        var entries = new[] { 0.5m, 3.25m, 100m, 1234.55m, 64_000.1m };
        var stopShares = new[] { 0.0005m, 0.003m, 0.02m, 0.1m };
        var slippages = new[] { 0.5, 3, 10, 75, 1000 };
        foreach (var instrument in new[] { Cents, Nickels })
        {
            foreach (var entry in entries)
            {
                foreach (var share in stopShares)
                {
                    var distance = Math.Max(instrument.TickSize, instrument.RoundPrice(entry * share));
                    foreach (var bps in slippages)
                    {
                        var longLimit = EntryPriceGuard.LimitPrice(Signal(PositionSide.Long, entry, entry - distance), Bps(bps), instrument);
                        var shortLimit = EntryPriceGuard.LimitPrice(Signal(PositionSide.Short, entry, entry + distance), Bps(bps), instrument);
                        var cap = Math.Min(entry * (decimal)bps / 10_000m, distance / 2m);
                        var label = $"entry {entry} stop distance {distance} {bps} bps tick {instrument.TickSize}";

                        (longLimit % instrument.TickSize).ShouldBe(0m, label);
                        (shortLimit % instrument.TickSize).ShouldBe(0m, label);
                        (longLimit - entry).ShouldBeInRange(0m, cap, label);
                        (entry - shortLimit).ShouldBeInRange(0m, cap, label);
                        (longLimit - (entry - distance)).ShouldBeGreaterThanOrEqualTo(distance / 2m, label);
                        ((entry + distance) - shortLimit).ShouldBeGreaterThanOrEqualTo(distance / 2m, label);
                    }
                }
            }
        }
    }

    [Fact]
    public void AnEntryOffTheTickIsRoundedToTheStricterSideNeverBeyondTheCap()
    {
        // 3.21 on a 0.05 tick, 10 bps: 3.21321 rounds down to 3.20 (long) and 3.20679 rounds up to 3.25 (short):
        // stricter than the entry by less than a tick, never looser than entry ± cap.
        EntryPriceGuard.LimitPrice(Signal(PositionSide.Long, 3.21m, 3.01m), Bps(10), Nickels).ShouldBe(3.20m);
        EntryPriceGuard.LimitPrice(Signal(PositionSide.Short, 3.21m, 3.41m), Bps(10), Nickels).ShouldBe(3.25m);
    }
}
