using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Trading;

/// <summary>An <see cref="OkxExchangeClient"/> over the real REST client, talking to a <see cref="FakeOkxServer"/>.</summary>
internal sealed class OkxAdapterHarness : IExchangeUnderTest
{
    public const string Btc = "BTC-USDT-SWAP";

    private readonly HttpClient _http;

    private OkxAdapterHarness(FakeOkxServer server, HttpClient http, OkxRestClient rest, OkxExchangeClient client, InMemoryOrderJournal journal, TimeProvider clock)
    {
        Clock = clock;
        Server = server;
        _http = http;
        Rest = rest;
        Okx = client;
        Journal = journal;
    }

    public FakeOkxServer Server { get; }

    /// <summary>The one clock of the fake OKX and the adapter (signatures are checked against it).</summary>
    public TimeProvider Clock { get; }

    public OkxRestClient Rest { get; }

    public OkxExchangeClient Okx { get; }

    public InMemoryOrderJournal Journal { get; }

    public IExchangeClient Client => Okx;

    public static async Task<OkxAdapterHarness> StartAsync(
        decimal price = 50_000m,
        TimeSpan? requestTimeout = null,
        TimeSpan? timeoutFaultDelay = null,
        OkxFillCursor? fillCursor = null,
        Action<OkxOptions>? configure = null,
        TimeProvider? clock = null,
        Action<FakeOkxOptions>? configureServer = null)
    {
        clock ??= TimeProvider.System;
        var ct = TestContext.Current.CancellationToken;
        var serverOptions = new FakeOkxOptions { AddTypicalSwaps = true, TimeoutFaultDelay = timeoutFaultDelay ?? TimeSpan.FromSeconds(5), TimeProvider = clock };
        configureServer?.Invoke(serverOptions);
        var server = await FakeOkxServer.StartAsync(serverOptions, ct);
        server.SetPrice(Btc, price);
        var timeout = requestTimeout ?? TimeSpan.FromSeconds(5);
        var defaults = new OkxOptions();
        var options = new OkxOptions
        {
            RestBaseUrl = server.RestBaseUrl,
            RequestTimeout = timeout,
            // Never longer than the timeout (as validated): tests with short timeouts get short order deadlines.
            OrderRequestExpiry = timeout < defaults.OrderRequestExpiry ? timeout : defaults.OrderRequestExpiry,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxRetries = 3,
        };
        configure?.Invoke(options);
        var credentials = new OkxCredentials(server.Options.ApiKey, server.Options.SecretKey, server.Options.Passphrase, isDemo: true);
        var http = new HttpClient();
        var rest = new OkxRestClient(http, options, clock, NullLogger<OkxRestClient>.Instance, credentials);
        var journal = new InMemoryOrderJournal();
        var client = new OkxExchangeClient(rest, journal, clock, new OkxExchangeClientOptions { Name = "okx-demo" }, fillCursor);
        var init = await client.InitializeAsync(ct);
        init.IsSuccess.ShouldBeTrue(init.ToString());
        return new OkxAdapterHarness(server, http, rest, client, journal, clock);
    }

    /// <summary>A second adapter on the same fake account, as after a restart of the process (it knows none of the orders).</summary>
    public async Task<OkxExchangeClient> RestartedAsync(OkxFillCursor? fillCursor = null)
    {
        var client = new OkxExchangeClient(Rest, new InMemoryOrderJournal(), Clock, null, fillCursor);
        (await client.InitializeAsync(TestContext.Current.CancellationToken)).IsSuccess.ShouldBeTrue();
        return client;
    }

    /// <summary>POSTs that placed (or tried to place) an order or algo order with this client id.</summary>
    public int PlacementsOf(string clientOrderId) =>
        Server.Requests.Count(r => r.Method == "POST" && r.Path is "/api/v5/trade/order" or "/api/v5/trade/order-algo" && r.ClientOrderIds.Contains(clientOrderId));

    public void SetPrice(string instrumentId, decimal price) => Server.SetPrice(instrumentId, price);

    public async ValueTask DisposeAsync()
    {
        Okx.Dispose();
        Rest.Dispose();
        _http.Dispose();
        await Server.DisposeAsync();
    }
}
