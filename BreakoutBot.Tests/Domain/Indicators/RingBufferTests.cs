using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public sealed class RingBufferTests
{
    [Fact]
    public void IndexesFromTheNewestValueAndWrapsAroundEvictingTheOldest()
    {
        var ring = new RingBuffer(3);
        ring.Add(1);
        ring.Add(2);
        ring.Add(3);
        ring.IsFull.ShouldBeTrue();

        ring.Add(4, out var evicted).ShouldBeTrue();
        evicted.ShouldBe(1);
        ring.Add(5, out evicted).ShouldBeTrue();
        evicted.ShouldBe(2);

        ring.Count.ShouldBe(3);
        ring[0].ShouldBe(5);
        ring[1].ShouldBe(4);
        ring[2].ShouldBe(3);
        ring.Newest.ShouldBe(5);
        ring.Oldest.ShouldBe(3);
    }

    [Fact]
    public void ReportsNoEvictionWhileFilling()
    {
        var ring = new RingBuffer(2);
        ring.Add(7, out var evicted).ShouldBeFalse();
        evicted.ShouldBe(0);
        ring.Count.ShouldBe(1);
        ring.IsFull.ShouldBeFalse();
    }

    [Fact]
    public void CopiesOldestFirstAcrossTheWrapPoint()
    {
        var ring = new RingBuffer(4);
        for (var i = 1; i <= 6; i++)
        {
            ring.Add(i);
        }
        var copy = new double[5];
        ring.CopyTo(copy).ShouldBe(4);
        copy.ShouldBe([3, 4, 5, 6, 0]);

        var partial = new RingBuffer(4);
        partial.Add(9);
        partial.Add(8);
        var two = new double[2];
        partial.CopyTo(two);
        two.ShouldBe([9, 8]);
    }

    [Fact]
    public void GivesTheHeldValuesOldestFirstAsTwoRunsOfItsArray()
    {
        var ring = new RingBuffer(4);
        ring.OldestFirst(out var older, out var newer);
        older.Length.ShouldBe(0);
        newer.Length.ShouldBe(0);

        ring.Add(9);
        ring.Add(8);
        ring.OldestFirst(out older, out newer);
        older.ToArray().ShouldBe([9, 8]);
        newer.Length.ShouldBe(0);

        for (var i = 1; i <= 6; i++)
        {
            ring.Add(i);
        }
        // Eight values added to a ring of four: the array is [3, 4, 5, 6] again, oldest first in one run.
        ring.OldestFirst(out older, out newer);
        older.ToArray().ShouldBe([3, 4, 5, 6]);
        newer.Length.ShouldBe(0);

        // Two more: the array is [7, 8, 5, 6].
        ring.Add(7);
        ring.Add(8);
        ring.OldestFirst(out older, out newer);
        older.ToArray().ShouldBe([5, 6]);
        newer.ToArray().ShouldBe([7, 8]);
    }

    [Fact]
    public void RejectsIndexesOutsideTheHeldValues()
    {
        var ring = new RingBuffer(3);
        ring.Add(1);
        Should.Throw<ArgumentOutOfRangeException>(() => ring[1]);
        Should.Throw<ArgumentOutOfRangeException>(() => ring[-1]);
        Should.Throw<ArgumentException>(() => ring.CopyTo(Span<double>.Empty));
        Should.Throw<ArgumentOutOfRangeException>(() => new RingBuffer(0));
    }

    [Fact]
    public void ResetEmptiesTheRing()
    {
        var ring = new RingBuffer(2);
        ring.Add(1);
        ring.Add(2);
        ring.Reset();
        ring.Count.ShouldBe(0);
        ring.Add(5);
        ring[0].ShouldBe(5);
        ring.Count.ShouldBe(1);
    }
}
