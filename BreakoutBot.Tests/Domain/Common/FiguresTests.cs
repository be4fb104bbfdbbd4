using BreakoutBot.Domain.Common;

namespace BreakoutBot.Tests.Domain.Common;

public sealed class FiguresTests
{
    [Theory]
    [InlineData(1_401_835_215.4, "1,401,835,215")]
    [InlineData(41_168.3, "41,168.3")]
    [InlineData(3_146.0, "3,146")]
    [InlineData(0.8235, "0.8235")]
    [InlineData(0.000012346, "0.00001235")]
    [InlineData(-0.00042, "-0.00042")]
    [InlineData(double.NaN, "n/a")]
    public void FiguresAreNeverInExponentNotationAndSmallOnesKeepTheirDigits(double value, string text) => Figures.Text(value).ShouldBe(text);
}
