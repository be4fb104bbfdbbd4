using System.Globalization;
using BreakoutBot.Domain.Trading;
using Microsoft.AspNetCore.Identity;
using BreakoutBot.Web.Components.Shared;

namespace BreakoutBot.Tests.Web.Shared;

public sealed class PortalFormatTests
{
    // 14:05:07 at UTC+02:00 is 12:05:07 UTC.
    private static readonly DateTimeOffset TwoHoursEast = new(2026, 3, 1, 14, 5, 7, TimeSpan.FromHours(2));

    [Fact]
    public void TimesArePrintedInUtcWhateverOffsetTheValueCarries()
    {
        PortalFormat.Time(TwoHoursEast).ShouldBe("2026-03-01 12:05");
        PortalFormat.TimeSeconds(TwoHoursEast).ShouldBe("2026-03-01 12:05:07");
        PortalFormat.Clock(TwoHoursEast).ShouldBe("12:05:07");
    }

    [Fact]
    public void AMissingTimeIsPrintedAsTheCallersPlaceholder()
    {
        PortalFormat.Time(null, "—").ShouldBe("—");
        PortalFormat.TimeSeconds(null, "").ShouldBe("");
        PortalFormat.Clock(null, "—").ShouldBe("—");
        PortalFormat.Time((DateTimeOffset?)TwoHoursEast, "—").ShouldBe("2026-03-01 12:05");
    }

    [Theory]
    [InlineData(ExitReason.TrailingStop, "Trailing stop")]
    [InlineData(ExitReason.StopLoss, "Stop loss")]
    [InlineData(ExitReason.KillSwitch, "Kill switch")]
    [InlineData(ExitReason.TakeProfit2, "Take-profit 2")]
    [InlineData(ExitReason.TakeProfit1, "Take-profit 1")]
    [InlineData(ExitReason.EmergencyStop, "Emergency stop")]
    public void WhyATradeClosedHasOneLabelFromTheEnumAndFromTheReportsName(ExitReason reason, string label)
    {
        PortalFormat.CloseReason(reason).ShouldBe(label);
        PortalFormat.CloseReason(reason.ToString()).ShouldBe(label, "the backtest report stores the name");
        PortalFormat.CloseReason((ExitReason?)reason, "").ShouldBe(label);
    }

    [Fact]
    public void EveryExitReasonHasALabelInWords()
    {
        foreach (var reason in Enum.GetValues<ExitReason>())
        {
            var label = PortalFormat.CloseReason(reason);
            label.ShouldNotBe(reason.ToString(), $"{reason} is shown by its machine name");
            label.ShouldContain(' ', $"{reason}: a label in words");
        }
        PortalFormat.CloseReason((ExitReason?)null, "").ShouldBe("");
        PortalFormat.CloseReason("SomethingNew").ShouldBe("Something new", "a name the portal does not know is still put in words");
    }

    [Fact]
    public void AnOrdersStatusAndTypeAreShownInWords()
    {
        PortalFormat.Words(OrderStatus.PartiallyFilled).ShouldBe("Partially filled");
        PortalFormat.Words(OrderStatus.Filled).ShouldBe("Filled");
    }

    [Theory]
    [InlineData(OrderType.Market, "Market")]
    [InlineData(OrderType.Limit, "Limit")]
    [InlineData(OrderType.StopMarket, "Stop (market)")]
    [InlineData(OrderType.TakeProfitMarket, "Take-profit (market)")]
    public void AnOrdersTypeHasALabelNamedLikeWhatItCloses(OrderType type, string label) =>
        PortalFormat.OrderType(type).ShouldBe(label);

    [Fact]
    public void EveryOrderTypeHasItsOwnLabel()
    {
        var labels = Enum.GetValues<OrderType>().Select(PortalFormat.OrderType).ToList();
        labels.ShouldBeUnique();
        labels.ShouldNotContain("Take profit market");
        PortalFormat.Confidence(0.48).ShouldBe("48 %");
    }

    [Fact]
    public void ThePasswordRulesAreThoseIdentityIsConfiguredWith()
    {
        PortalFormat.PasswordRules(new PasswordOptions { RequiredLength = 10, RequireDigit = true, RequireUppercase = true, RequireLowercase = true, RequireNonAlphanumeric = false, RequiredUniqueChars = 4 })
            .ShouldBe("At least 10 characters, with a digit, an upper-case letter and a lower-case letter, and at least 4 different characters.");
        PortalFormat.PasswordRules(new PasswordOptions { RequiredLength = 8, RequireDigit = false, RequireUppercase = false, RequireLowercase = false, RequireNonAlphanumeric = true, RequiredUniqueChars = 1 })
            .ShouldBe("At least 8 characters, with a character that is neither a letter nor a digit.");
    }

    [Fact]
    public void NumbersHaveOneFormatEach()
    {
        PortalFormat.Month(2026, 3).ShouldBe("2026-03");
        PortalFormat.Money(1234.5m).ShouldBe("1,234.50");
        PortalFormat.Count(12345).ShouldBe("12,345");
        PortalFormat.Count(1, "position").ShouldBe("1 position");
        PortalFormat.Count(1200, "decision").ShouldBe("1,200 decisions");
        PortalFormat.Ratio(1.5).ShouldBe("1.50");
        PortalFormat.Ratio(-0.25m).ShouldBe("-0.25");
        PortalFormat.Ratio(0.8123, 3).ShouldBe("0.812");
        PortalFormat.SignedRatio(1.5).ShouldBe("+1.50");
        PortalFormat.SignedRatio(-0.25).ShouldBe("-0.25");
        PortalFormat.SignedRatio(0).ShouldBe("0.00");
        PortalFormat.SignedRatio(1, 1).ShouldBe("+1.0");
        PortalFormat.ProfitFactor(1.853).ShouldBe("1.85");
        PortalFormat.ProfitFactor(null).ShouldBe("no loss");
        PortalFormat.Percent(0.1234).ShouldBe("12.34 %");
        PortalFormat.Percent(0.1234, 1).ShouldBe("12.3 %");
        PortalFormat.Percent(0.755, 0).ShouldBe("76 %");
        PortalFormat.Bps(5m).ShouldBe("5 bps");
        PortalFormat.Bps(2.5m).ShouldBe("2.5 bps");
    }

    [Theory]
    [InlineData(0, "0 problems")]
    [InlineData(1, "1 problem")]
    [InlineData(3, "3 problems")]
    [InlineData(12_345, "12,345 problems")]
    public void ACountIsSingularForOneAndPluralOtherwiseNeverProblemS(long count, string text)
    {
        PortalFormat.Count(count, "problem").ShouldBe(text);
        PortalFormat.Count(count, "problem", "problems").ShouldBe(text);
    }

    [Fact]
    public void ACountTakesAPluralNotMadeWithAnSAndWordsThatAgreeWithIt()
    {
        PortalFormat.Count(1, "match", "matches").ShouldBe("1 match");
        PortalFormat.Count(2, "match", "matches").ShouldBe("2 matches");
        PortalFormat.Count(1, "engine event was", "engine events were").ShouldBe("1 engine event was");
        PortalFormat.Count(1_700, "engine event was", "engine events were").ShouldBe("1,700 engine events were");
    }

    [Fact]
    public void PricesAndQuantitiesKeepEightDecimalsWithoutTrailingZeros()
    {
        PortalFormat.Amount(43466.40m).ShouldBe("43466.4");
        PortalFormat.Amount(0.000123456m).ShouldBe("0.00012346");
        PortalFormat.Amount(null, "").ShouldBe("");
        // More digits than the eight significant ones "G8" kept for a backtest's prices.
        PortalFormat.Amount(43466.123456789).ShouldBe("43466.12345679");
        PortalFormat.Measure(43466.123).ShouldBe("43466.1");
        PortalFormat.Measure(double.NaN).ShouldBe("–");
    }

    [Fact]
    public void AMeasureIsNeverPrintedInExponentNotation()
    {
        // A 24 h volume and its threshold, as the backtest's Explain table shows them ("6.18035E+08", "5E+06" before).
        PortalFormat.Measure(618_034_567.0).ShouldBe("618035000");
        PortalFormat.Measure(5_000_000.0).ShouldBe("5000000");
        PortalFormat.Measure(-1_240_890.4).ShouldBe("-1240890");
        // A cheap coin's price keeps its six significant digits.
        PortalFormat.Measure(0.0000123456789).ShouldBe("0.0000123457");
        PortalFormat.Measure(0.0798375).ShouldBe("0.0798375");
    }

    [Fact]
    public void SizesAndDurationsNameTheirUnit()
    {
        PortalFormat.Bytes(512).ShouldBe("512 B");
        PortalFormat.Bytes(12 * 1024).ShouldBe("12 KB");
        PortalFormat.Bytes(3_565_158).ShouldBe("3.4 MB");
        PortalFormat.Bytes(1_342_177_280).ShouldBe("1.25 GB");
        PortalFormat.Milliseconds(TimeSpan.FromMilliseconds(12.4)).ShouldBe("12 ms");
        PortalFormat.Seconds(TimeSpan.FromSeconds(5)).ShouldBe("5 s");
        PortalFormat.Seconds(TimeSpan.FromMilliseconds(250)).ShouldBe("0.3 s");
        PortalFormat.Duration(TimeSpan.FromSeconds(44.2)).ShouldBe("45 s");
        PortalFormat.Duration(TimeSpan.FromSeconds(121)).ShouldBe("3 min");
        PortalFormat.Age(TimeSpan.FromSeconds(4)).ShouldBe("4.0 s");
        PortalFormat.Age(TimeSpan.FromMinutes(5)).ShouldBe("5 min");
        PortalFormat.Age(TimeSpan.FromSeconds(-1)).ShouldBe("0 s");
    }

    [Fact]
    public void TheServersCultureChangesNothing()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = GermanLike();
        try
        {
            PortalFormat.Money(1234.5m).ShouldBe("1,234.50");
            PortalFormat.Count(12345).ShouldBe("12,345");
            PortalFormat.Ratio(1.5).ShouldBe("1.50");
            PortalFormat.Percent(0.1234).ShouldBe("12.34 %");
            PortalFormat.Bps(2.5m).ShouldBe("2.5 bps");
            PortalFormat.Amount(43466.4m).ShouldBe("43466.4");
            PortalFormat.Measure(0.5).ShouldBe("0.5");
            PortalFormat.Seconds(TimeSpan.FromMilliseconds(250)).ShouldBe("0.3 s");
            PortalFormat.TimeSeconds(TwoHoursEast).ShouldBe("2026-03-01 12:05:07");
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    // de-DE's separators, built by hand: the tests run in globalization-invariant mode, where "de-DE" cannot be loaded.
    private static CultureInfo GermanLike()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.PercentDecimalSeparator = ",";
        culture.NumberFormat.PercentGroupSeparator = ".";
        culture.DateTimeFormat.DateSeparator = ".";
        culture.DateTimeFormat.TimeSeparator = ".";
        1234.5m.ToString("N2", culture).ShouldBe("1.234,50");
        return culture;
    }
}
