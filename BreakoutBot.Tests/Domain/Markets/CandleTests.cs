using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Tests.Domain.Markets;

public sealed class CandleTests
{
    [Theory]
    [InlineData("2024-03-01T00:00:00+00:00")]
    [InlineData("2024-03-01T23:57:00+00:00")]
    [InlineData("2024-12-31T23:55:00+00:00")]
    [InlineData("2024-03-01T10:00:00+02:00")]
    public void ABarClosesFiveMinutesAfterItOpensInTheSameOffset(string open)
    {
        var time = DateTimeOffset.Parse(open, System.Globalization.CultureInfo.InvariantCulture);
        var candle = new Candle(time, 1m, 2m, 0.5m, 1.5m, 10m);

        candle.CloseTime.ShouldBe(time + TimeSpan.FromMinutes(5));
        candle.CloseTime.Offset.ShouldBe(time.Offset);
        candle.CloseTime.UtcTicks.ShouldBe(time.UtcTicks + Candle.Interval.Ticks);
    }
}
