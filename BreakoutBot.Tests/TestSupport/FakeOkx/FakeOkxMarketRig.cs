using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// A <see cref="FakeOkxServer"/> with the real <see cref="OkxRestClient"/> talking to it on the same clock, and market-data
/// providers built over that client. The REST client does not retry unless configured to, so a fault enqueued on the
/// server is seen by the caller. Disposing the rig disposes the client, its HttpClient and the server.
/// </summary>
internal sealed class FakeOkxMarketRig : IAsyncDisposable
{
    private readonly HttpClient _http;

    private FakeOkxMarketRig(FakeOkxServer server, HttpClient http, OkxRestClient rest, TimeProvider clock)
    {
        Server = server;
        _http = http;
        Rest = rest;
        Clock = clock;
    }

    public FakeOkxServer Server { get; }

    public OkxRestClient Rest { get; }

    /// <summary>The one clock of the fake OKX and the client (signatures are checked against it).</summary>
    public TimeProvider Clock { get; }

    /// <summary>
    /// Starts the fake OKX with the typical swaps on <paramref name="clock"/> and a REST client against it.
    /// <paramref name="configure"/> changes the client's options after the base URL and <c>MaxRetries = 0</c> are set;
    /// <paramref name="signed"/> gives the client the server's demo keys.
    /// </summary>
    public static async Task<FakeOkxMarketRig> StartAsync(
        TimeProvider clock,
        Action<OkxOptions>? configure = null,
        Action<FakeOkxOptions>? configureServer = null,
        bool signed = false)
    {
        var serverOptions = new FakeOkxOptions { TimeProvider = clock, AddTypicalSwaps = true };
        configureServer?.Invoke(serverOptions);
        var server = await FakeOkxServer.StartAsync(serverOptions, TestContext.Current.CancellationToken);
        var options = new OkxOptions { RestBaseUrl = server.RestBaseUrl, MaxRetries = 0 };
        configure?.Invoke(options);
        var credentials = signed ? new OkxCredentials(server.Options.ApiKey, server.Options.SecretKey, server.Options.Passphrase, isDemo: true) : null;
        var http = new HttpClient();
        var rest = new OkxRestClient(http, options, clock, NullLogger<OkxRestClient>.Instance, credentials);
        return new FakeOkxMarketRig(server, http, rest, clock);
    }

    /// <summary>A market-data provider over the rig's REST client and clock (not initialised); the caller disposes it.</summary>
    public OkxMarketDataProvider Provider(Action<OkxMarketDataOptions>? configure = null)
    {
        var options = new OkxMarketDataOptions();
        configure?.Invoke(options);
        return new OkxMarketDataProvider(Rest, options, Clock, NullLogger<OkxMarketDataProvider>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        Rest.Dispose();
        _http.Dispose();
        await Server.DisposeAsync();
    }
}
