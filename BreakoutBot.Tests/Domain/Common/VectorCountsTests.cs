using BreakoutBot.Domain.Common;

namespace BreakoutBot.Tests.Domain.Common;

public class VectorCountsTests
{
    [Fact]
    public void CountsEqualAPlainCountForEveryLengthAndLineIncludingTiesAndNaN()
    {
        // Lengths 0–40 cover spans shorter than a vector, whole vectors and every tail; quarter steps make ties common.
        var random = new Random(17);
        for (var length = 0; length <= 40; length++)
        {
            for (var trial = 0; trial < 25; trial++)
            {
                var values = Enumerable.Range(0, length).Select(_ => random.Next(20) == 0 ? double.NaN : random.Next(8) * 0.25).ToArray();
                var line = trial == 0 ? double.NaN : random.Next(9) * 0.25;

                VectorCounts.Above(values, line).ShouldBe(values.Count(v => v > line), $"{length} values, line {line}");
                VectorCounts.Below(values, line).ShouldBe(values.Count(v => v < line), $"{length} values, line {line}");
                VectorCounts.AtOrBelow(values, line).ShouldBe(values.Count(v => v <= line), $"{length} values, line {line}");
            }
        }
    }
}
