using System.Text;
using BreakoutBot.Infrastructure.Identity;

namespace BreakoutBot.Tests.Infrastructure.Identity;

/// <summary>The authenticator codes against the RFCs' own test vectors, and how typed codes are read.</summary>
public sealed class AuthenticatorCodesTests
{
    // RFC 6238, Appendix B (SHA-1, the 20-byte ASCII secret "12345678901234567890"); an app shows the last 6 digits.
    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    [InlineData(20000000000L, "353130")]
    public void CodesAreTheRfc6238Vectors(long unixSeconds, string code)
    {
        var secret = AuthenticatorCodes.Base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        secret.ShouldBe(Encoding.ASCII.GetBytes("12345678901234567890"));

        AuthenticatorCodes.Code(secret, unixSeconds / AuthenticatorCodes.StepSeconds).ShouldBe(code);
    }

    // RFC 4648, section 10; keys are shown in lower case and groups of four, and typed back that way.
    [Theory]
    [InlineData("", "")]
    [InlineData("MY======", "f")]
    [InlineData("MZXQ====", "fo")]
    [InlineData("MZXW6===", "foo")]
    [InlineData("MZXW6YQ=", "foob")]
    [InlineData("MZXW6YTB", "fooba")]
    [InlineData("MZXW6YTBOI======", "foobar")]
    [InlineData("mzxw 6ytb oi", "foobar")]
    public void Base32IsRfc4648(string text, string bytes) =>
        AuthenticatorCodes.Base32(text).ShouldBe(Encoding.ASCII.GetBytes(bytes));

    [Fact]
    public void ANonBase32CharacterIsAnError() =>
        Should.Throw<FormatException>(() => AuthenticatorCodes.Base32("MZXW1")).Message.ShouldBe("'1' is not a Base32 character.");

    [Theory]
    [InlineData("123456", true, "123456")]
    [InlineData(" 123 456 ", true, "123456")]
    [InlineData("12345", false, "12345")]
    [InlineData("1234567", false, "1234567")]
    [InlineData("12a456", false, "12a456")]
    public void AnAuthenticatorCodeIsSixDigitsSpacesAllowed(string typed, bool isCode, string digits)
    {
        TwoFactorCodes.IsAuthenticatorCode(typed, out var read).ShouldBe(isCode);
        read.ShouldBe(digits);
    }

    [Theory]
    [InlineData("B4CDF-GH7KM", "B4CDF-GH7KM")]
    [InlineData("b4cdfgh7km", "B4CDF-GH7KM")]
    [InlineData(" b4cdf gh7km ", "B4CDF-GH7KM")]
    [InlineData("B4CDF-GH7K", null)]
    [InlineData("123456", null)]
    public void ARecoveryCodeIsReadInAnyCaseWithOrWithoutItsDash(string typed, string? stored) =>
        TwoFactorCodes.AsRecoveryCode(typed).ShouldBe(stored);

    [Fact]
    public void TheAppGetsTheKeyInTheKeyUriFormat()
    {
        TwoFactorCodes.Format("MZXW6YTBOIABCDEF").ShouldBe("mzxw 6ytb oiab cdef");
        TwoFactorCodes.AuthenticatorUri("trader+1@example.com", "MZXW6YTBOIABCDEF")
            .ShouldBe("otpauth://totp/BreakoutBot:trader%2B1%40example.com?secret=MZXW6YTBOIABCDEF&issuer=BreakoutBot&digits=6");
    }
}
