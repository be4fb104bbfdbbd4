using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Signals;

namespace BreakoutBot.Tests.Domain.Common;

/// <summary>
/// Selection gives the order statistics a sort gives (the level detector's volume percentile, the momentum signal's
/// median volume), with runs of equal values and zeros, for every length up to a few windows.
/// </summary>
public class OrderStatisticsTests
{
    [Fact]
    public void EveryOrderStatisticIsTheSortedValueAndTheValuesAreSplitAroundIt()
    {
        var random = new Random(3);
        for (var length = 1; length <= 60; length++)
        {
            for (var round = 0; round < 20; round++)
            {
                // Few distinct values, so equal runs (zero volumes included) are common.
                var values = Enumerable.Range(0, length).Select(_ => random.Next(6) * 0.5).ToArray();
                var sorted = values.Order().ToArray();
                var k = random.Next(length);
                var work = values.ToArray();

                OrderStatistics.Select(work, k).ShouldBe(sorted[k], $"length {length}, k {k}");

                work.Order().ShouldBe(sorted);
                work.Take(k).ShouldAllBe(v => v <= sorted[k]);
                work.Skip(k + 1).ShouldAllBe(v => v >= sorted[k]);
            }
        }
    }

    [Fact]
    public void TheMedianIsTheMiddleOfTheSortedValuesOrTheMeanOfTheTwoMiddleOnes()
    {
        var random = new Random(5);
        for (var length = 1; length <= 60; length++)
        {
            for (var round = 0; round < 20; round++)
            {
                var values = Enumerable.Range(0, length).Select(_ => Math.Round(random.NextDouble() * 4, 1)).ToArray();
                var sorted = values.Order().ToArray();
                var expected = length % 2 == 1 ? sorted[length / 2] : (sorted[(length / 2) - 1] + sorted[length / 2]) / 2d;

                SignalMath.Median(values).ShouldBe(expected, $"length {length}");
                OrderStatistics.Median(values, new double[length]).ShouldBe(expected, $"length {length}");
            }
        }
        SignalMath.Median([]).ShouldBe(double.NaN);
    }

    [Fact]
    public void AMedianOfValuesWithANaNIsTheSortedOnesAsBefore()
    {
        // A sort puts NaN first; a selection could not place it, so such values are sorted.
        SignalMath.Median([3, double.NaN, 1]).ShouldBe(1);
        SignalMath.Median([double.NaN, 4, 2, 8]).ShouldBe(3);
    }

    [Fact]
    public void AnOrderStatisticOutsideTheValuesIsRefused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => OrderStatistics.Select(new double[3], 3));
        Should.Throw<ArgumentOutOfRangeException>(() => OrderStatistics.Select(new double[3], -1));
    }
}
