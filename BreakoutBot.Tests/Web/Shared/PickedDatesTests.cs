using BreakoutBot.Web.Components.Shared;

namespace BreakoutBot.Tests.Web.Shared;

public sealed class PickedDatesTests
{
    [Fact]
    public void APickedDayIsThatCalendarDayInUtcAndARangesEndIncludesItsLastDay()
    {
        // A picker's value carries a time and a kind (Local here); only the calendar day counts.
        var picked = new DateTime(2026, 3, 1, 23, 30, 0, DateTimeKind.Local);

        PickedDates.StartOfDay(picked).ShouldBe(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        PickedDates.EndOfDay(picked).ShouldBe(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));
        PickedDates.StartOfDay(null).ShouldBeNull();
        PickedDates.EndOfDay(null).ShouldBeNull();
    }
}
