using BreakoutBot.Infrastructure.DataSets;

namespace BreakoutBot.Tests.Infrastructure.DataSets;

public class DataSetDownloadEstimateTests
{
    [Fact]
    public void TenInstrumentsOfAYearTakeAboutSeventeenAndAHalfMinutesAtOkxsLimit()
    {
        var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var bars = DataSetBarSlots.Count(from, from.AddDays(365));

        bars.ShouldBe(105_120);
        DataSetDownloadEstimate.Requests(bars, 10).ShouldBe(10_520, "1,052 windows of 100 bars per instrument");
        DataSetDownloadEstimate.Duration(bars, 10).ShouldBe(TimeSpan.FromSeconds(1_052), "10 requests per second");
    }

    [Theory]
    [InlineData("2026-02-01T00:00:00Z", "2026-02-01T00:05:00Z", 1)]
    [InlineData("2026-02-01T00:00:01Z", "2026-02-01T00:10:00Z", 1)]
    [InlineData("2026-02-01T00:00:00Z", "2026-02-01T00:09:59Z", 1)]
    [InlineData("2026-02-01T00:00:00Z", "2026-02-01T00:04:59Z", 0)]
    [InlineData("2026-02-02T00:00:00Z", "2026-02-01T00:00:00Z", 0)]
    public void ARangeHoldsTheBarsThatOpenInItAndCloseByItsEnd(string from, string to, long bars) =>
        DataSetBarSlots.Count(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(bars);
}
