using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class SummedRingTests
{
    [Fact]
    public void SumsAndAveragesTheHeldValuesAsTheOldestAreEvicted()
    {
        var ring = new SummedRing(3);
        ring.Add(1);
        ring.Add(2);
        ring.Mean.ShouldBe(1.5);
        ring.Add(3);
        ring.Add(4, out var evicted).ShouldBeTrue();
        evicted.ShouldBe(1);
        ring.Add(5);

        ring.Count.ShouldBe(3);
        ring.IsFull.ShouldBeTrue();
        ring[0].ShouldBe(5);
        ring[2].ShouldBe(3);
        ring.Sum.ShouldBe(12);
        ring.Mean.ShouldBe(4);
    }

    [Fact]
    public void ResetEmptiesTheRingAndItsSum()
    {
        var ring = new SummedRing(2);
        ring.Add(1);
        ring.Add(2);
        ring.Reset();
        ring.Count.ShouldBe(0);
        ring.Sum.ShouldBe(0);
        double.IsNaN(ring.Mean).ShouldBeTrue();
        ring.Add(5);
        ring.Sum.ShouldBe(5);
    }

    [Fact]
    public void KeepsTheRunningSumAccurateOverManyLapsOfMixedMagnitudes()
    {
        var ring = new SummedRing(7);
        var random = new Random(11);
        for (var i = 0; i < 100_003; i++)
        {
            ring.Add(i % 5 == 0 ? random.NextDouble() * 1e9 : random.NextDouble() * 1e-3);
        }
        var exact = 0d;
        for (var i = 0; i < ring.Count; i++)
        {
            exact += ring[i];
        }
        ring.Sum.ShouldBe(exact, Math.Abs(exact) * 1e-12);
    }

    [Fact]
    public void RecomputesTheSumFromTheHeldValuesOnceALap()
    {
        // After −1e16 and 3 have passed through a ring of two, the compensated running sum of −0.001 and 0.1 is off in
        // its last digits (0.0990000000000002); the lap's recomputation from the held values gives 0.099 (what adding
        // them gives).
        var ring = new SummedRing(2);
        ring.Add(-1e16);
        ring.Add(3.0);
        ring.Add(-0.001);
        ring.Add(0.1);

        ring.Sum.ShouldBe(-0.001 + 0.1);
    }
}
