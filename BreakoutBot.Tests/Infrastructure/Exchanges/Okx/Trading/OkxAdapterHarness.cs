using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Tests.TestSupport.FakeOkx;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Trading;

/// <summary>An <see cref="OkxExchangeClient"/> over the real REST client, talking to a <see cref="FakeOkxServer"/>.</summary>
internal sealed class OkxAdapterHarness : IExchangeUnderTest
{
    public const string Btc = "BTC-USDT-SWAP";

    private readonly FakeOkxMarketRig _rig;

    private OkxAdapterHarness(FakeOkxMarketRig rig, OkxExchangeClient client, InMemoryOrderJournal journal)
    {
        _rig = rig;
        Okx = client;
        Journal = journal;
    }

    public FakeOkxServer Server => _rig.Server;

    /// <summary>The one clock of the fake OKX and the adapter (signatures are checked against it).</summary>
    public TimeProvider Clock => _rig.Clock;

    public OkxRestClient Rest => _rig.Rest;

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
        var timeout = requestTimeout ?? TimeSpan.FromSeconds(5);
        var rig = await FakeOkxMarketRig.StartAsync(
            clock,
            options =>
            {
                options.RequestTimeout = timeout;
                // Never longer than the timeout (as validated): tests with short timeouts get short order deadlines.
                options.OrderRequestExpiry = timeout < options.OrderRequestExpiry ? timeout : options.OrderRequestExpiry;
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
                options.MaxRetries = 3;
                configure?.Invoke(options);
            },
            serverOptions =>
            {
                serverOptions.TimeoutFaultDelay = timeoutFaultDelay ?? TimeSpan.FromSeconds(5);
                configureServer?.Invoke(serverOptions);
            },
            signed: true);
        rig.Server.SetPrice(Btc, price);
        var journal = new InMemoryOrderJournal();
        var client = new OkxExchangeClient(rig.Rest, journal, clock, new OkxExchangeClientOptions { Name = "okx-demo" }, fillCursor);
        var init = await client.InitializeAsync(ct);
        init.IsSuccess.ShouldBeTrue(init.ToString());
        return new OkxAdapterHarness(rig, client, journal);
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
        await _rig.DisposeAsync();
    }
}
