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
}
