using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Tests.Domain.Markets;

public sealed class OrderBookSummaryTests
{
    [Theory]
    [InlineData("100", "100.05", 5.0)]
    [InlineData("43466.3", "43466.4", 0.0230065)]
    [InlineData("0.00001234", "0.00001235", 8.1037277)]
    public void SpreadIsTheGapOverTheBidInBps(string bid, string ask, double bps)
    {
        var book = new OrderBookSummary(decimal.Parse(bid, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(ask, System.Globalization.CultureInfo.InvariantCulture), 0m, 0m, 0m, 0m, 0d);

        book.SpreadBps.ShouldBe(bps, 1e-6);
        BookFigures.Of(book).SpreadBps.ShouldBe(book.SpreadBps);
    }

    [Fact]
    public void ABookWithoutABidHasAnInfiniteSpread() =>
        new OrderBookSummary(0m, 101m, 0m, 0m, 0m, 0m, 0d).SpreadBps.ShouldBe(double.PositiveInfinity);
}
