using System.Net.Http.Headers;
using BreakoutBot.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Metrics;

/// <summary>
/// A portal with a scrape token and one allowed network (<see cref="AllowedNetwork"/>); clients can play any address
/// through <see cref="TestClientAddress"/>.
/// </summary>
public sealed class MetricsPortal : IAsyncDisposable
{
    public const string Token = "scrape-token-for-tests-0123456789";
    public const string AllowedNetwork = "10.99.0.0/16";
    public const string AllowedAddress = "10.99.3.4";

    private readonly SqliteTestDatabase _database = new();

    public MetricsPortal()
    {
        Factory = new BreakoutBotWebFactory(new PortalOptions
        {
            Database = _database,
            Settings =
            {
                ["Metrics:ScrapeToken"] = Token,
                ["Metrics:AllowedNetworks:0"] = AllowedNetwork,
            },
            Services = services => services.AddSingleton<IStartupFilter, TestClientAddress>(),
        });
    }

    public BreakoutBotWebFactory Factory { get; }

    /// <summary>A client at an address outside the allowed network, with <paramref name="token"/> as bearer token if given.</summary>
    public HttpClient Client(string? token = null, string address = "192.0.2.10")
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public async Task<PrometheusScrape> ScrapeAsync(CancellationToken cancellationToken)
    {
        using var client = Client(Token);
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        return new PrometheusScrape(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        _database.Dispose();
    }
}
