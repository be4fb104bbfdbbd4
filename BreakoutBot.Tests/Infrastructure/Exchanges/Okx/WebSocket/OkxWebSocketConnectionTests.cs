using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Tests.TestSupport.Fakes;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.WebSocket;

public sealed class OkxWebSocketConnectionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "22582BD0CFF14C41EDBF1AB98506286D";
    private const string Passphrase = "pass-PHRASE-42";
    private const string ApiKey = "985d5b66-57ce-40fb-b714-afc0b9787083";

    private ScriptedOkxSocketServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ScriptedOkxSocketServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task LogsInWithUnixSecondsAndAVerifiableSignThenSubscribesOnlyAfterTheLoginEvent()
    {
        _server.AnswerLogins = false;
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var logs = new RecordingLoggerProvider();
        using var loggerFactory = new LoggerFactory([logs]);
        await using var connection = new OkxWebSocketConnection(
            OkxWebSocketEndpoint.Private,
            Url(OkxWebSocketEndpoint.Private),
            FastOptions(),
            time,
            loggerFactory.CreateLogger<OkxWebSocketConnection>(),
            new OkxCredentials(ApiKey, Secret, Passphrase, isDemo: false));
        using var listener = connection.Listen();

        await connection.SubscribeAsync(OkxSubscription.ForInstrumentType("orders", "SWAP"), TestContext.Current.CancellationToken);
        var socket = await _server.NextConnectionAsync();
        var login = await socket.NextRequestAsync("login");

        var args = login.GetProperty("args")[0];
        args.GetProperty("apiKey").GetString().ShouldBe(ApiKey);
        args.GetProperty("passphrase").GetString().ShouldBe(Passphrase);
        args.GetProperty("timestamp").GetString().ShouldBe("1704164645");
        var expectedSign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("1704164645GET/users/self/verify")));
        args.GetProperty("sign").GetString().ShouldBe(expectedSign);
        (await socket.SendsAnythingWithinAsync(TimeSpan.FromMilliseconds(300))).ShouldBeFalse("nothing may be subscribed before the login event");

        await socket.SendAsync("""{"event":"login","code":"0","msg":"","connId":"a4d3ae55"}""");
        var subscribe = await socket.NextRequestAsync("subscribe");
        subscribe.GetProperty("args")[0].GetProperty("channel").GetString().ShouldBe("orders");
        subscribe.GetProperty("args")[0].GetProperty("instType").GetString().ShouldBe("SWAP");
        var connected = await listener.NextAsync<OkxConnectionEvent>();
        connected.Kind.ShouldBe(OkxConnectionEventKind.Connected);

        var logText = string.Join('\n', logs.Messages);
        logText.ShouldContain("logged in");
        logText.ShouldNotContain(Secret);
        logText.ShouldNotContain(Passphrase);
        logText.ShouldNotContain(expectedSign);
        logText.ShouldNotContain(ApiKey);
    }

    [Fact]
    public async Task ReportsARejectedLoginAsAnErrorAndNeverSubscribes()
    {
        _server.LoginSecret = "another-secret";
        await using var connection = Connection(OkxWebSocketEndpoint.Private, new OkxCredentials(ApiKey, Secret, Passphrase, isDemo: false));
        using var listener = connection.Listen();

        await connection.SubscribeAsync(OkxSubscription.ForInstrumentType("orders", "ANY"), TestContext.Current.CancellationToken);
        var socket = await _server.NextConnectionAsync();
        await socket.NextRequestAsync("login");

        var error = await listener.NextAsync<OkxErrorEvent>();
        error.Code.ShouldBe("60007");
        (await socket.SendsAnythingWithinAsync(TimeSpan.FromMilliseconds(200))).ShouldBeFalse();
        connection.State.ShouldNotBe(OkxConnectionState.Connected);
    }

    [Fact]
    public async Task SubscribesALargeUniverseInRequestsOfAtMostOneHundredArgsEachUnder64Kb()
    {
        await using var connection = Connection(OkxWebSocketEndpoint.Public);
        var wanted = Enumerable.Range(0, 250).Select(i => OkxSubscription.ForInstrument("tickers", $"COIN{i}-USDT-SWAP")).ToList();

        await connection.SubscribeAsync(wanted, TestContext.Current.CancellationToken);
        var socket = await _server.NextConnectionAsync();
        var requests = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            requests.Add(await socket.NextRequestAsync("subscribe"));
        }

        requests.Select(r => r.GetProperty("args").GetArrayLength()).ShouldBe([100, 100, 50]);
        requests.ShouldAllBe(r => Encoding.UTF8.GetByteCount(r.GetRawText()) < 64 * 1024);
        requests.SelectMany(r => r.GetProperty("args").EnumerateArray()).Select(a => a.GetProperty("instId").GetString())
            .ShouldBe(wanted.Select(w => w.InstId), ignoreOrder: true);
    }

    [Theory]
    [InlineData("WsPingInterval", "00:00:00")]
    [InlineData("WsPingInterval", "00:00:30")]
    [InlineData("WsPongTimeout", "00:00:00")]
    [InlineData("WsPongTimeout", "00:00:45")]
    public void RefusesKeepAliveSettingsOutsideOkxsThirtySecondIdleRule(string setting, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Okx:" + setting] = value }).Build();
        using var services = new ServiceCollection().AddOkx(configuration).BuildServiceProvider();
        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<OkxOptions>>().Value).Message.ShouldContain(setting);

        var options = FastOptions();
        typeof(OkxOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        Should.Throw<ArgumentException>(() => new OkxWebSocketConnection(OkxWebSocketEndpoint.Public, Url(OkxWebSocketEndpoint.Public), options, TimeProvider.System, NullLogger<OkxWebSocketConnection>.Instance));
    }

    [Theory]
    [InlineData("tickers")]
    [InlineData("books5")]
    [InlineData("candle5m")]
    public void RefusesAMarketDataChannelByInstrumentTypeAsOkxRejectsItWith60018(string channel)
    {
        Should.Throw<ArgumentException>(() => OkxSubscription.ForInstrumentType(channel, "SWAP"));
        OkxSubscription.ForInstrumentType("orders", "SWAP").InstType.ShouldBe("SWAP");
    }

    [Fact]
    public async Task SendsAllArgsInOneSubscribeRequestAndCountsOneAckPerArg()
    {
        await using var connection = Connection(OkxWebSocketEndpoint.Public);
        OkxSubscription[] wanted =
        [
            OkxSubscription.ForInstrument("tickers", "BTC-USDT-SWAP"),
            OkxSubscription.ForInstrument("tickers", "ETH-USDT-SWAP"),
            OkxSubscription.ForInstrument("books5", "BTC-USDT-SWAP"),
        ];

        await connection.SubscribeAsync(wanted, TestContext.Current.CancellationToken);
        var socket = await _server.NextConnectionAsync();
        var request = await socket.NextRequestAsync("subscribe");

        request.GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
        var args = request.GetProperty("args").EnumerateArray().ToList();
        args.Count.ShouldBe(3);
        args.Select(a => (a.GetProperty("channel").GetString(), a.GetProperty("instId").GetString()))
            .ShouldBe([("tickers", "BTC-USDT-SWAP"), ("tickers", "ETH-USDT-SWAP"), ("books5", "BTC-USDT-SWAP")], ignoreOrder: true);
        args.ShouldAllBe(a => a.EnumerateObject().Count() == 2);
        await WaitUntilAsync(() => connection.GetStats().ConfirmedSubscriptionCount == 3, "three acks counted");
        connection.GetStats().SubscriptionCount.ShouldBe(3);
    }

    [Fact]
    public async Task SplitsAHugeSubscriptionSetIntoRequestsUnderTheSixtyFourKilobyteLimit()
    {
        _server.AcknowledgeSubscriptions = false;
        await using var connection = Connection(OkxWebSocketEndpoint.Business);
        var wanted = Enumerable.Range(0, 2500).Select(i => OkxSubscription.ForInstrument("candle1m", $"COIN{i}-USDT-SWAP")).ToList();

        await connection.SubscribeAsync(wanted, TestContext.Current.CancellationToken);
        var socket = await _server.NextConnectionAsync();
        var seen = new HashSet<string>();
        var requests = 0;
        while (seen.Count < wanted.Count)
        {
            var text = await socket.NextAsync(t => t.Contains("\"subscribe\"", StringComparison.Ordinal));
            Encoding.UTF8.GetByteCount(text).ShouldBeLessThan(64 * 1024);
            using var document = JsonDocument.Parse(text);
            foreach (var arg in document.RootElement.GetProperty("args").EnumerateArray())
            {
                seen.Add(arg.GetProperty("instId").GetString()!).ShouldBeTrue("each channel is subscribed once");
            }
            requests++;
        }
        requests.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task DeliversAPushWithItsChannelInstrumentAndData()
    {
        await using var connection = Connection(OkxWebSocketEndpoint.Business);
        using var listener = connection.Listen();
        await connection.SubscribeAsync(OkxSubscription.ForInstrument("candle1m", "BTC-USDT-SWAP"), TestContext.Current.CancellationToken);
        var socket = await _server.NextConnectionAsync();
        await socket.NextRequestAsync("subscribe");

        await socket.SendAsync("""{"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[["1774964340000","66898.7","66902.1","66884.6","66894.5","1330.07","13.3007","889750.68514000","0"]]}""");

        var push = await listener.NextAsync<OkxPush>();
        push.Endpoint.ShouldBe(OkxWebSocketEndpoint.Business);
        push.Channel.ShouldBe("candle1m");
        push.InstId.ShouldBe("BTC-USDT-SWAP");
        push.Data[0][4].GetString().ShouldBe("66894.5");
        push.Data[0][8].GetString().ShouldBe("0");
        connection.GetStats().LastMessageAt.ShouldNotBeNull();
        // The subscription's acknowledgement is sent by the server's own loop and may arrive after the push.
        await WaitUntilAsync(() => connection.GetStats().MessagesReceived >= 2, "the acknowledgement and the push counted");
    }

    [Fact]
    public async Task PublishesAnErrorEventAsAnErrorAndNeverAsAPush()
    {
        await using var connection = Connection(OkxWebSocketEndpoint.Public);
        using var listener = connection.Listen();
        await connection.SubscribeAsync(OkxSubscription.ForInstrument("tickers", "BTC-USDT"), TestContext.Current.CancellationToken);
        var socket = await _server.NextConnectionAsync();
        await socket.NextRequestAsync("subscribe");

        await socket.SendAsync("""{"id":"1512","event":"error","code":"60012","msg":"Invalid request: {\"op\": \"subscribe\"}","arg":{"channel":"tickers","instId":"BTC-USDT"},"connId":"a4d3ae55"}""");
        await socket.SendAsync("""{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","last":"9999.99"}]}""");

        var skipped = new List<OkxWebSocketEvent>();
        var push = await listener.NextAsync<OkxPush>(skipped: skipped);
        push.Data[0].GetProperty("last").GetString().ShouldBe("9999.99");
        var error = skipped.OfType<OkxErrorEvent>().ShouldHaveSingleItem();
        error.Code.ShouldBe("60012");
        error.RequestId.ShouldBe("1512");
        skipped.OfType<OkxPush>().ShouldBeEmpty();
    }

    [Fact]
    public async Task SendsPingAfterSilenceAndStaysOnTheSameSocketWhenPongArrives()
    {
        await using var connection = Connection(OkxWebSocketEndpoint.Public);
        await connection.SubscribeAsync(OkxSubscription.ForInstrument("tickers", "BTC-USDT"), TestContext.Current.CancellationToken);
        var socket = await _server.NextConnectionAsync();

        (await socket.NextAsync(t => t == "ping", TimeSpan.FromSeconds(3))).ShouldBe("ping");
        await socket.NextAsync(t => t == "ping", TimeSpan.FromSeconds(3));
        // A third ping on the same socket: the pongs kept it (a missed pong would have dropped it for a new one).
        await socket.NextAsync(t => t == "ping", TimeSpan.FromSeconds(3));

        var stats = connection.GetStats();
        stats.PingsSent.ShouldBeGreaterThanOrEqualTo(2);
        stats.ReconnectCount.ShouldBe(0);
        stats.State.ShouldBe(OkxConnectionState.Connected);
        _server.Connections.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ReconnectsWhenNoPongArrives()
    {
        _server.AnswerPings = false;
        await using var connection = Connection(OkxWebSocketEndpoint.Public);
        using var listener = connection.Listen();
        await connection.SubscribeAsync(OkxSubscription.ForInstrument("tickers", "BTC-USDT"), TestContext.Current.CancellationToken);
        var first = await _server.NextConnectionAsync();
        await first.NextAsync(t => t == "ping", TimeSpan.FromSeconds(3));

        var second = await _server.NextConnectionAsync(TimeSpan.FromSeconds(5));
        await second.NextRequestAsync("subscribe");
        var lost = await listener.NextAsync<OkxConnectionEvent>(e => e.Kind == OkxConnectionEventKind.Disconnected);
        lost.Reason.ShouldNotBeNull().ShouldContain("pong");
        (await listener.NextAsync<OkxConnectionEvent>(e => e.Kind == OkxConnectionEventKind.Reconnected)).ReconnectCount.ShouldBe(1);
        await first.Closed.WaitAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ReconnectsAfterADropLogsInAgainResubscribesEverythingAndAnnouncesIt()
    {
        var credentials = new OkxCredentials(ApiKey, Secret, Passphrase, isDemo: false);
        _server.LoginSecret = Secret;
        var options = FastOptions();
        options.WsPingInterval = TimeSpan.FromSeconds(5);
        await using var connection = new OkxWebSocketConnection(
            OkxWebSocketEndpoint.Private, Url(OkxWebSocketEndpoint.Private), options, TimeProvider.System, NullLogger<OkxWebSocketConnection>.Instance, credentials);
        using var listener = connection.Listen();
        OkxSubscription[] wanted =
        [
            OkxSubscription.ForInstrumentType("orders", "SWAP"),
            OkxSubscription.ForInstrumentType("positions", "SWAP"),
            new("account", ccy: "USDT"),
        ];
        await connection.SubscribeAsync(wanted, TestContext.Current.CancellationToken);
        var first = await _server.NextConnectionAsync();
        await first.NextRequestAsync("subscribe");
        await listener.NextAsync<OkxConnectionEvent>(e => e.Kind == OkxConnectionEventKind.Connected);

        var stopwatch = Stopwatch.StartNew();
        first.Abort();
        var second = await _server.NextConnectionAsync(TimeSpan.FromSeconds(5));
        (await second.NextRequestAsync("login")).GetProperty("args")[0].GetProperty("timestamp").GetString().ShouldNotBeNullOrEmpty();
        var resubscribe = await second.NextRequestAsync("subscribe");
        var reconnected = await listener.NextAsync<OkxConnectionEvent>(e => e.Kind == OkxConnectionEventKind.Reconnected);
        stopwatch.Stop();

        resubscribe.GetProperty("args").EnumerateArray().Select(a => OkxSubscription.FromJson(a)).ShouldBe(wanted, ignoreOrder: true);
        reconnected.ReconnectDuration.ShouldNotBeNull();
        reconnected.ReconnectDuration.Value.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        var stats = connection.GetStats();
        stats.ReconnectCount.ShouldBe(1);
        stats.LastReconnectDuration.ShouldBe(reconnected.ReconnectDuration);
        output.WriteLine($"Reconnect after a dropped socket: {reconnected.ReconnectDuration.Value.TotalMilliseconds:F1} ms from loss to resubscribed (client-measured), {stopwatch.Elapsed.TotalMilliseconds:F1} ms from drop to Reconnected event (test-measured), base delay {options.WsReconnectBaseDelay.TotalMilliseconds} ms.");
    }

    [Fact]
    public async Task ForgetsAnUnsubscribedChannelSoItIsNotSentAgainAfterAReconnect()
    {
        await using var connection = Connection(OkxWebSocketEndpoint.Public);
        var keep = OkxSubscription.ForInstrument("tickers", "BTC-USDT");
        var drop = OkxSubscription.ForInstrument("tickers", "ETH-USDT");
        await connection.SubscribeAsync([keep, drop], TestContext.Current.CancellationToken);
        var first = await _server.NextConnectionAsync();
        await first.NextRequestAsync("subscribe");
        await WaitUntilAsync(() => connection.State == OkxConnectionState.Connected, "connected");

        await connection.UnsubscribeAsync([drop], TestContext.Current.CancellationToken);
        var unsubscribe = await first.NextRequestAsync("unsubscribe");
        first.Abort();
        var second = await _server.NextConnectionAsync();
        var resubscribe = await second.NextRequestAsync("subscribe");

        OkxSubscription.FromJson(unsubscribe.GetProperty("args").EnumerateArray().ShouldHaveSingleItem()).ShouldBe(drop);
        OkxSubscription.FromJson(resubscribe.GetProperty("args").EnumerateArray().ShouldHaveSingleItem()).ShouldBe(keep);
        connection.Subscriptions.ShouldBe([keep]);
    }

    [Fact]
    public async Task OpensANewSocketOnNotice64008ThenClosesTheOldOne()
    {
        await using var connection = Connection(OkxWebSocketEndpoint.Business);
        using var listener = connection.Listen();
        OkxSubscription[] wanted = [OkxSubscription.ForInstrument("candle1m", "BTC-USDT-SWAP"), OkxSubscription.ForInstrument("candle5m", "ETH-USDT-SWAP")];
        await connection.SubscribeAsync(wanted, TestContext.Current.CancellationToken);
        var first = await _server.NextConnectionAsync();
        await first.NextRequestAsync("subscribe");
        await listener.NextAsync<OkxConnectionEvent>(e => e.Kind == OkxConnectionEventKind.Connected);

        var hold = _server.HoldNextUpgrade();
        await first.SendAsync("""{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"a4d3ae55"}""");

        // The new socket's handshake is held by the server: until it is answered the client cannot have opened it, so the
        // old socket must still be open.
        await hold.Requested.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        first.Closed.IsCompleted.ShouldBeFalse("the old socket stays open until the new one is opened");
        hold.Release();
        var second = await _server.NextConnectionAsync();
        var resubscribe = await second.NextRequestAsync("subscribe");
        resubscribe.GetProperty("args").EnumerateArray().Select(a => OkxSubscription.FromJson(a)).ShouldBe(wanted, ignoreOrder: true);
        await listener.NextAsync<OkxConnectionEvent>(e => e.Kind == OkxConnectionEventKind.Reconnected);
        await first.Closed.WaitAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        connection.GetStats().ReconnectCount.ShouldBe(1);
    }

    [Fact]
    public async Task DecodesGzipBinaryFrames()
    {
        await using var connection = Connection(OkxWebSocketEndpoint.Public);
        using var listener = connection.Listen();
        await connection.SubscribeAsync(OkxSubscription.ForInstrument("books5", "BTC-USDT-SWAP"), TestContext.Current.CancellationToken);
        var socket = await _server.NextConnectionAsync();
        await socket.NextRequestAsync("subscribe");

        await socket.SendGzipAsync("""{"arg":{"channel":"books5","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["43466.4","14881","0","1"]],"bids":[["43466.3","13807","0","2"]],"ts":"1706612067750"}]}""");

        var push = await listener.NextAsync<OkxPush>();
        push.Channel.ShouldBe("books5");
        push.Data[0].GetProperty("asks")[0][0].GetString().ShouldBe("43466.4");
    }

    [Fact]
    public async Task StopsForGoodWhenDisposed()
    {
        var connection = Connection(OkxWebSocketEndpoint.Public);
        await connection.SubscribeAsync(OkxSubscription.ForInstrument("tickers", "BTC-USDT"), TestContext.Current.CancellationToken);
        var socket = await _server.NextConnectionAsync();
        await socket.NextRequestAsync("subscribe");

        await connection.DisposeAsync();

        await socket.Closed.WaitAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        connection.State.ShouldBe(OkxConnectionState.Closed);
        await Eventually.StaysTrueAsync(() => _server.Connections.Count == 1, "no reconnect after dispose (reconnect delay is 50 ms)", TimeSpan.FromMilliseconds(300));
    }

    private OkxWebSocketConnection Connection(OkxWebSocketEndpoint endpoint, OkxCredentials? credentials = null) =>
        new(endpoint, Url(endpoint), FastOptions(), TimeProvider.System, NullLogger<OkxWebSocketConnection>.Instance, credentials);

    private Uri Url(OkxWebSocketEndpoint endpoint) => OkxChannelRouter.BuildUrl(FastOptions(), endpoint, demo: false);

    private OkxOptions FastOptions() => new()
    {
        WsBaseUrl = _server.BaseUrl,
        WsDemoBaseUrl = _server.BaseUrl,
        WsPingInterval = TimeSpan.FromMilliseconds(200),
        WsPongTimeout = TimeSpan.FromMilliseconds(200),
        WsReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
        WsMaxReconnectDelay = TimeSpan.FromMilliseconds(500),
        WsConnectTimeout = TimeSpan.FromSeconds(3),
    };

    private static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.WaitUntilAsync(condition, what, TimeSpan.FromSeconds(5));
}
