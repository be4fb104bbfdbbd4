using BreakoutBot.Infrastructure.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

public static class OkxServiceCollectionExtensions
{
    /// <summary>The named <see cref="HttpClient"/> every OKX REST client is built on.</summary>
    public const string HttpClientName = "okx";

    /// <summary>
    /// OKX plumbing: <see cref="OkxOptions"/> bound to the <c>Okx</c> section, <see cref="OkxMarketDataOptions"/> to
    /// <c>Okx:MarketData</c> (both checked at start), the named HTTP client <see cref="HttpClientName"/>, and the keys
    /// page's connection tester (<see cref="OkxConnectionTester"/>).
    /// </summary>
    public static IServiceCollection AddOkx(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OkxOptions>()
            .Bind(configuration.GetSection(OkxOptions.SectionName))
            .Validate(o => o.RestBaseUrl is { IsAbsoluteUri: true }, "Okx:RestBaseUrl must be an absolute URL.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, "Okx:RequestTimeout must be positive.")
            .Validate(o => o.MaxRetries >= 0, "Okx:MaxRetries cannot be negative.")
            .Validate(o => o.OrderRequestExpiry > TimeSpan.Zero && o.OrderRequestExpiry <= o.RequestTimeout,
                "Okx:OrderRequestExpiry must be positive and not longer than Okx:RequestTimeout (a request the client gave up on has then expired at OKX).")
            .Validate(o => o.WsPingInterval > TimeSpan.Zero && o.WsPingInterval < OkxOptions.OkxIdleLimit,
                "Okx:WsPingInterval must be positive and under OKX's 30 s idle limit.")
            .Validate(o => o.WsPongTimeout > TimeSpan.Zero && o.WsPongTimeout < OkxOptions.OkxIdleLimit,
                "Okx:WsPongTimeout must be positive and under 30 s.")
            .ValidateOnStart();
        services.AddOptions<OkxMarketDataOptions>()
            .Bind(configuration.GetSection(OkxMarketDataOptions.SectionName))
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddHttpClient(HttpClientName);
        services.AddOkxConnectionTester<OkxConnectionTester>();
        return services;
    }
}
