using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

public class SortedWindowTests
{
    [Fact]
    public void TheMedianAlwaysEqualsTheMedianOfTheHeldValuesSorted()
    {
        var random = new Random(11);
        var window = new SortedWindow(20);
        var held = new List<double>();
        for (var step = 0; step < 5_000; step++)
        {
            if (held.Count == 20 || (held.Count > 0 && random.Next(3) == 0))
            {
                var leaving = held[random.Next(held.Count)];
                held.Remove(leaving);
                window.Remove(leaving).ShouldBeTrue();
            }
            else
            {
                // Few distinct values, so duplicates are common.
                var value = random.Next(8) * 0.5;
                held.Add(value);
                window.Insert(value);
            }
            var sorted = held.Order().ToArray();
            var expected = sorted.Length == 0 ? double.NaN
                : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
                : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
            window.Count.ShouldBe(held.Count);
            window.Median.ShouldBe(expected);
        }
    }

    [Fact]
    public void RemovingAValueNotHeldChangesNothing()
    {
        var window = new SortedWindow(4);
        window.Insert(1);
        window.Insert(3);

        window.Remove(2).ShouldBeFalse();

        window.Count.ShouldBe(2);
        window.Median.ShouldBe(2);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(13)]
    [InlineData(21)]
    [InlineData(40)]
    public void AReplacementLeavesTheSameValuesInTheSameOrderAsARemovalThenAnInsert(int size)
    {
        // Sizes around and between whole vectors of four, so both the vector counting and its scalar tail are exercised.
        var random = new Random(5);
        var replaced = new SortedWindow(size);
        var stepped = new SortedWindow(size);
        var held = new List<double>();
        for (var i = 0; i < size; i++)
        {
            var value = random.Next(6) * 0.25;
            held.Add(value);
            replaced.Insert(value);
            stepped.Insert(value);
        }
        for (var step = 0; step < 5_000; step++)
        {
            var leaving = held[random.Next(held.Count)];
            var arriving = random.Next(6) * 0.25;
            held.Remove(leaving);
            held.Add(arriving);

            replaced.Replace(leaving, arriving).ShouldBeTrue();
            stepped.Remove(leaving).ShouldBeTrue();
            stepped.Insert(arriving);

            replaced.Count.ShouldBe(size);
            replaced.Median.ShouldBe(held.Order().ElementAt(size / 2) / 2 + held.Order().ElementAt((size - 1) / 2) / 2);
            replaced.Median.ShouldBe(stepped.Median);
            // Every value in order, not only the median.
            replaced.Values.ToArray().ShouldBe(held.Order().ToArray());
            replaced.Values.ToArray().ShouldBe(stepped.Values.ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(13)]
    [InlineData(21)]
    [InlineData(40)]
    public void ReplacementsAmongInsertsAndRemovalsKeepEveryValueInOrder(int capacity)
    {
        // The window fills and empties in phases, so replacements run at every count, after the window was longer and
        // shorter than now (nothing of an older, longer window may be counted).
        var random = new Random(capacity);
        var window = new SortedWindow(capacity);
        var held = new List<double>();
        for (var step = 0; step < 20_000; step++)
        {
            var filling = (step / 500) % 2 == 0;
            var roll = random.Next(10);
            if (held.Count < capacity && (held.Count == 0 || roll < (filling ? 4 : 1)))
            {
                var value = random.Next(7) * 0.5;
                held.Add(value);
                window.Insert(value);
            }
            else if (held.Count > 0 && roll < (filling ? 5 : 7))
            {
                var leaving = held[random.Next(held.Count)];
                held.Remove(leaving);
                window.Remove(leaving).ShouldBeTrue();
            }
            else
            {
                var leaving = held[random.Next(held.Count)];
                var arriving = random.Next(7) * 0.5;
                held.Remove(leaving);
                held.Add(arriving);
                window.Replace(leaving, arriving).ShouldBeTrue();
            }
            window.Values.ToArray().ShouldBe(held.Order().ToArray());
        }
    }

    [Fact]
    public void InfiniteValuesAreReplacedInOrderToo()
    {
        var window = new SortedWindow(3);
        window.Insert(1);
        window.Insert(double.PositiveInfinity);
        window.Insert(3);

        window.Replace(double.PositiveInfinity, 2).ShouldBeTrue();
        window.Values.ToArray().ShouldBe([1d, 2d, 3d]);
        window.Replace(1, double.PositiveInfinity).ShouldBeTrue();
        window.Values.ToArray().ShouldBe([2d, 3d, double.PositiveInfinity]);
        window.Replace(double.NegativeInfinity, 0).ShouldBeFalse();
    }

    [Fact]
    public void ReplacingAValueNotHeldChangesNothing()
    {
        var window = new SortedWindow(3);
        window.Insert(1);
        window.Insert(3);
        window.Insert(5);

        window.Replace(2, 100).ShouldBeFalse();

        window.Median.ShouldBe(3);
        window.Remove(5).ShouldBeTrue();
        window.Median.ShouldBe(2);
    }
}
