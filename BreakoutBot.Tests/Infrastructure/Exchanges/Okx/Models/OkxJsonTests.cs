using System.Text.Json;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Models;

public sealed class OkxJsonTests
{
    private const string Item = """
        {"empty":"","zero":"0","px":"43466.4","flagText":"true","flagJson":false,"code":10459,"codeText":"77","ts":"1712250348676","bad":"1,5","exp":"1E-8"}
        """;

    [Fact]
    public void EmptyStringIsNoValueAndZeroIsNoneOnlyWhereAsked()
    {
        using var document = JsonDocument.Parse(Item);
        var item = document.RootElement;
        OkxJson.Decimal(item, "empty").ShouldBeNull();
        OkxJson.Decimal(item, "missing").ShouldBeNull();
        OkxJson.Decimal(item, "zero").ShouldBe(0m);
        OkxJson.DecimalOrNullWhenZero(item, "zero").ShouldBeNull();
        OkxJson.Decimal(item, "px").ShouldBe(43466.4m);
        OkxJson.Decimal(item, "exp").ShouldBe(0.00000001m);
        OkxJson.DecimalOrZero(item, "empty").ShouldBe(0m);
    }

    [Fact]
    public void BooleansAndIntegersComeInBothForms()
    {
        using var document = JsonDocument.Parse(Item);
        var item = document.RootElement;
        OkxJson.Boolean(item, "flagText").ShouldBe(true);
        OkxJson.Boolean(item, "flagJson").ShouldBe(false);
        OkxJson.Boolean(item, "empty").ShouldBeNull();
        OkxJson.Integer(item, "code").ShouldBe(10459);
        OkxJson.Integer(item, "codeText").ShouldBe(77);
        OkxJson.Text(item, "code").ShouldBe("10459");
        OkxJson.Time(item, "ts").ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1712250348676));
        OkxJson.Time(item, "empty").ShouldBeNull();
    }

    [Fact]
    public void UnreadableValuesNameTheField()
    {
        using var document = JsonDocument.Parse(Item);
        Should.Throw<FormatException>(() => OkxJson.Decimal(document.RootElement, "bad")).Message.ShouldContain("'bad'");
        Should.Throw<FormatException>(() => OkxJson.Boolean(document.RootElement, "px")).Message.ShouldContain("'px'");
        Should.Throw<FormatException>(() => OkxJson.RequiredDecimal(document.RootElement, "empty")).Message.ShouldContain("'empty'");
    }

    [Theory]
    [InlineData("0.10", "0.1")]
    [InlineData("100", "100")]
    [InlineData("-1", "-1")]
    [InlineData("0.00000001", "0.00000001")]
    [InlineData("2500.500", "2500.5")]
    public void FormatsDecimalsWithoutTrailingZeros(string value, string expected)
    {
        OkxJson.Format(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
    }
}
