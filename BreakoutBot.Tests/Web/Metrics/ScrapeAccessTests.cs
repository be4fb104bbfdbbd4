using System.Net;
using BreakoutBot.Web.Monitoring;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Web.Metrics;

/// <summary>Who may scrape <c>/metrics</c>, and settings that cannot work refused at start naming the field.</summary>
public sealed class ScrapeAccessTests
{
    private const string Token = "0123456789abcdef-token";

    private static ScrapeAccess Access(string? token = null, params string[] networks) =>
        new(Options.Create(new MetricsOptions { ScrapeToken = token, AllowedNetworks = networks }));

    [Fact]
    public void WithNothingConfiguredEveryScrapeIsForbidden()
    {
        var access = Access();

        access.IsConfigured.ShouldBeFalse();
        access.Decide(null, IPAddress.Loopback).ShouldBe(ScrapeDecision.Forbidden);
        access.Decide("Bearer anything", IPAddress.Loopback).ShouldBe(ScrapeDecision.Forbidden);
    }

    [Theory]
    [InlineData("Bearer " + Token, ScrapeDecision.Allowed)]
    [InlineData("bearer " + Token, ScrapeDecision.Allowed)]
    [InlineData("Bearer " + Token + "0", ScrapeDecision.Unauthenticated)]
    [InlineData("Bearer 0123456789abcdef-toke", ScrapeDecision.Unauthenticated)]
    [InlineData("Basic " + Token, ScrapeDecision.Unauthenticated)]
    [InlineData(Token, ScrapeDecision.Unauthenticated)]
    [InlineData("", ScrapeDecision.Unauthenticated)]
    public void OnlyTheExactBearerTokenIsAccepted(string authorization, ScrapeDecision expected) =>
        Access(Token).Decide(authorization, IPAddress.Parse("203.0.113.9")).ShouldBe(expected);

    [Theory]
    [InlineData("127.0.0.1", ScrapeDecision.Allowed)]
    [InlineData("::ffff:127.0.0.1", ScrapeDecision.Allowed)]
    [InlineData("10.1.200.3", ScrapeDecision.Allowed)]
    [InlineData("10.2.0.1", ScrapeDecision.Forbidden)]
    [InlineData("::1", ScrapeDecision.Forbidden)]
    public void AnAddressInAnAllowedNetworkNeedsNoToken(string address, ScrapeDecision expected) =>
        Access(null, "127.0.0.1/32", "10.1.0.0/16").Decide(null, IPAddress.Parse(address)).ShouldBe(expected);

    [Fact]
    public void BadSettingsAreRefusedNamingTheFieldWithoutEchoingTheToken()
    {
        var result = new MetricsOptionsValidator().Validate(null, new MetricsOptions { ScrapeToken = "short-secret", AllowedNetworks = ["127.0.0.1/32", "10.0.0.0/99"] });

        result.Failed.ShouldBeTrue();
        result.Failures.ShouldContain(f => f.StartsWith("Metrics:ScrapeToken must be at least 16", StringComparison.Ordinal));
        result.Failures.ShouldContain(f => f.Contains("Metrics:AllowedNetworks:1 '10.0.0.0/99'", StringComparison.Ordinal));
        result.FailureMessage.ShouldNotContain("short-secret");
    }
}
