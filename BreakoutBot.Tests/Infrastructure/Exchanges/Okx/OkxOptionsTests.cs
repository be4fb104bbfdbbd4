using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx;

/// <summary><c>Okx:OrderRequestExpiry</c> is checked at start: positive and not longer than <c>Okx:RequestTimeout</c>.</summary>
public sealed class OkxOptionsTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("00:00:11")]
    public void AnOrderRequestExpiryThatIsNotPositiveOrOutlastsTheRequestTimeoutStopsTheStart(string expiry)
    {
        using var services = Services(new() { ["Okx:OrderRequestExpiry"] = expiry, ["Okx:RequestTimeout"] = "00:00:10" });

        var refused = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<OkxOptions>>().Value);

        refused.Message.ShouldContain("Okx:OrderRequestExpiry");
    }

    [Theory]
    [InlineData(null, "00:00:05")]
    [InlineData("00:00:10", "00:00:10")]
    [InlineData("00:00:00.250", "00:00:00.250")]
    public void AnOrderRequestExpiryUpToTheRequestTimeoutIsAccepted(string? configured, string expected)
    {
        var values = new Dictionary<string, string?> { ["Okx:RequestTimeout"] = "00:00:10" };
        if (configured is not null)
        {
            values["Okx:OrderRequestExpiry"] = configured;
        }
        using var services = Services(values);

        var options = services.GetRequiredService<IOptions<OkxOptions>>().Value;

        options.OrderRequestExpiry.ShouldBe(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheRestClientRefusesAnOrderRequestExpiryThatIsNotPositive()
    {
        using var http = new HttpClient();

        var refused = Should.Throw<ArgumentOutOfRangeException>(() =>
            new OkxRestClient(http, new OkxOptions { OrderRequestExpiry = TimeSpan.Zero }, TimeProvider.System, NullLogger<OkxRestClient>.Instance));

        refused.Message.ShouldContain("Okx:OrderRequestExpiry");
    }

    private static ServiceProvider Services(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddOkx(configuration);
        return services.BuildServiceProvider();
    }
}
