using BreakoutBot.Domain.Common;

namespace BreakoutBot.Tests.Domain.Common;

/// <summary>Messages name counts as a reader says them: "1 position", "3 positions", never "position(s)".</summary>
public sealed class CountedTests
{
    [Theory]
    [InlineData(0, "0 positions")]
    [InlineData(1, "1 position")]
    [InlineData(2, "2 positions")]
    [InlineData(12_500, "12,500 positions")]
    public void ACountTakesTheSingularOnlyForOne(long count, string expected) => Counted.Of(count, "position").ShouldBe(expected);

    [Fact]
    public void AGivenPluralAndWordsThatAgreeWithTheCountAreUsed()
    {
        Counted.Of(1, "entry", "entries").ShouldBe("1 entry");
        Counted.Of(3, "entry", "entries").ShouldBe("3 entries");
        Counted.Of(1, "engine is", "engines are").ShouldBe("1 engine is");
    }
}
