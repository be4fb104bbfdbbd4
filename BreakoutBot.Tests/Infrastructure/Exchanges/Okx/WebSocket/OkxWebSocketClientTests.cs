using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.WebSocket;

public sealed class OkxWebSocketClientTests : IAsyncLifetime
{
    private const string Secret = "chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO";

    private ScriptedOkxSocketServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ScriptedOkxSocketServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RoutesCandlesToBusinessTickersToPublicAndOrdersToPrivateWithLoginOnTheDemoHost()
    {
        _server.LoginSecret = Secret;
        var options = Options();
        options.WsBaseUrl = new Uri("ws://127.0.0.1:9");
        options.WsDemoBaseUrl = _server.BaseUrl;
        await using var client = new OkxWebSocketClient(options, TimeProvider.System, NullLoggerFactory.Instance, new OkxCredentials("key-1234", Secret, "phrase", isDemo: true));
        using var listener = client.Listen();

        _server.Connections.ShouldBeEmpty();
        client.GetStats().ShouldBeEmpty();
        await client.SubscribeAsync(
            [
                OkxSubscription.ForInstrument("candle1m", "BTC-USDT-SWAP"),
                OkxSubscription.ForInstrument("tickers", "BTC-USDT-SWAP"),
                OkxSubscription.ForInstrumentType("orders", "SWAP"),
            ],
            TestContext.Current.CancellationToken);

        var sockets = new Dictionary<string, ScriptedSocket>();
        for (var i = 0; i < 3; i++)
        {
            var socket = await _server.NextConnectionAsync();
            sockets[socket.Path] = socket;
        }
        sockets.Keys.ShouldBe(["/ws/v5/business", "/ws/v5/public", "/ws/v5/private"], ignoreOrder: true);

        var privateFirst = await sockets["/ws/v5/private"].NextAsync();
        privateFirst.ShouldContain("\"op\":\"login\"");
        (await sockets["/ws/v5/private"].NextRequestAsync("subscribe")).GetProperty("args")[0].GetProperty("channel").GetString().ShouldBe("orders");
        var publicFirst = await sockets["/ws/v5/public"].NextAsync();
        publicFirst.ShouldContain("\"op\":\"subscribe\"");
        publicFirst.ShouldContain("\"tickers\"");
        (await sockets["/ws/v5/business"].NextRequestAsync("subscribe")).GetProperty("args")[0].GetProperty("channel").GetString().ShouldBe("candle1m");

        var connected = new HashSet<OkxWebSocketEndpoint>();
        while (connected.Count < 3)
        {
            connected.Add((await listener.NextAsync<OkxConnectionEvent>(e => e.Kind == OkxConnectionEventKind.Connected)).Endpoint);
        }
        client.GetStats().Select(s => s.Endpoint).ShouldBe([OkxWebSocketEndpoint.Public, OkxWebSocketEndpoint.Business, OkxWebSocketEndpoint.Private]);
        client.GetConnection(OkxWebSocketEndpoint.Public)!.LogsIn.ShouldBeFalse();
        client.GetConnection(OkxWebSocketEndpoint.Private)!.LogsIn.ShouldBeTrue();
    }

    [Fact]
    public async Task DeliversPushesOfEveryPathToOneListener()
    {
        await using var client = new OkxWebSocketClient(Options(), TimeProvider.System, NullLoggerFactory.Instance);
        using var listener = client.Listen();
        await client.SubscribeAsync([OkxSubscription.ForInstrument("candle5m", "ETH-USDT-SWAP"), OkxSubscription.ForInstrument("tickers", "ETH-USDT-SWAP")], TestContext.Current.CancellationToken);
        var a = await _server.NextConnectionAsync();
        var b = await _server.NextConnectionAsync();
        await a.NextRequestAsync("subscribe");
        await b.NextRequestAsync("subscribe");

        var business = a.Path.EndsWith("business", StringComparison.Ordinal) ? a : b;
        var publicSocket = ReferenceEquals(business, a) ? b : a;
        await business.SendAsync("""{"arg":{"channel":"candle5m","instId":"ETH-USDT-SWAP"},"data":[["1","2","3","1","2","10","1","20","1"]]}""");
        await publicSocket.SendAsync("""{"arg":{"channel":"tickers","instId":"ETH-USDT-SWAP"},"data":[{"instId":"ETH-USDT-SWAP","last":"2500"}]}""");

        var first = await listener.NextAsync<OkxPush>();
        var second = await listener.NextAsync<OkxPush>();
        new[] { (first.Endpoint, first.Channel), (second.Endpoint, second.Channel) }
            .ShouldBe([(OkxWebSocketEndpoint.Business, "candle5m"), (OkxWebSocketEndpoint.Public, "tickers")], ignoreOrder: true);
    }

    [Fact]
    public async Task RefusesAccountChannelsWithoutCredentials()
    {
        await using var client = new OkxWebSocketClient(Options(), TimeProvider.System, NullLoggerFactory.Instance);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => client.SubscribeAsync(OkxSubscription.ForInstrumentType("orders", "SWAP"), TestContext.Current.CancellationToken));

        error.Message.ShouldContain("orders");
        client.GetStats().ShouldBeEmpty();
    }

    [Fact]
    public async Task ClosesEverySocketWhenDisposed()
    {
        var client = new OkxWebSocketClient(Options(), TimeProvider.System, NullLoggerFactory.Instance);
        var listener = client.Listen();
        await client.SubscribeAsync([OkxSubscription.ForInstrument("candle1m", "BTC-USDT"), OkxSubscription.ForInstrument("tickers", "BTC-USDT")], TestContext.Current.CancellationToken);
        var a = await _server.NextConnectionAsync();
        var b = await _server.NextConnectionAsync();

        await client.DisposeAsync();

        await Task.WhenAll(a.Closed, b.Closed).WaitAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        client.GetStats().ShouldAllBe(s => s.State == OkxConnectionState.Closed);
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await foreach (var _ in listener.Reader.ReadAllAsync(drain.Token))
        {
            // The stream ends (rather than waiting forever) once the client is disposed.
        }
        listener.Reader.Completion.IsCompleted.ShouldBeTrue();
    }

    private OkxOptions Options() => new()
    {
        WsBaseUrl = _server.BaseUrl,
        WsDemoBaseUrl = _server.BaseUrl,
        WsPingInterval = TimeSpan.FromSeconds(2),
        WsPongTimeout = TimeSpan.FromSeconds(1),
        WsReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
        WsMaxReconnectDelay = TimeSpan.FromMilliseconds(500),
        WsConnectTimeout = TimeSpan.FromSeconds(3),
    };
}
