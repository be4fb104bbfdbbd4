using System.Net.WebSockets;
using System.Text.Json.Nodes;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.FakeServer;

public sealed class FakeOkxServerWebSocketTests
{
    private const string Btc = "BTC-USDT-SWAP";

    private static async Task<FakeOkxServer> StartAsync(TimeSpan? silence = null)
    {
        var server = await FakeOkxServer.StartAsync(new FakeOkxOptions
        {
            TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero)),
            AddTypicalSwaps = true,
            WsSilenceTimeout = silence ?? TimeSpan.FromSeconds(30),
        }, TestContext.Current.CancellationToken);
        server.SetPrice(Btc, 50_000m);
        return server;
    }

    private static string Event(JsonObject message) => message["event"]?.ToString() ?? string.Empty;

    private static string Channel(JsonObject message) => message["arg"]?["channel"]?.ToString() ?? string.Empty;

    [Fact]
    public async Task AfterLoginTheOrdersChannelPushesTheOrderWhenItFills()
    {
        await using var okx = await StartAsync();
        await using var socket = await OkxTestSocket.ConnectAsync(okx, "private");
        using var http = new SignedOkxHttp(okx);

        await socket.LoginAsync(okx.Options);
        var login = await socket.ReceiveUntilAsync(m => Event(m) is "login" or "error");
        await socket.SendAsync("""{"id":"7","op":"subscribe","args":[{"channel":"orders","instType":"SWAP"},{"channel":"positions","instType":"ANY"},{"channel":"account"}]}""");
        var replies = new List<JsonObject>();
        for (var i = 0; i < 5; i++)
        {
            replies.Add(await socket.ReceiveUntilAsync(_ => true));
        }
        var acks = replies.Where(m => Event(m) == "subscribe").ToList();
        var positionsSnapshot = replies.Single(m => Channel(m) == "positions" && !m.ContainsKey("event"));
        var accountSnapshot = replies.Single(m => Channel(m) == "account" && !m.ContainsKey("event"));
        await http.PostAsync("/api/v5/trade/order",
            $$"""{"instId":"{{Btc}}","tdMode":"cross","side":"buy","ordType":"market","sz":"1","clOrdId":"ws1"}""");
        var filled = await socket.ReceiveUntilAsync(m => Channel(m) == "orders" && m["data"]![0]!["state"]!.ToString() == "filled");

        login["code"]!.ToString().ShouldBe("0");
        acks.Select(a => a["arg"]!["channel"]!.ToString()).ShouldBe(["orders", "positions", "account"]);
        acks.ShouldAllBe(a => a["id"]!.ToString() == "7");
        positionsSnapshot["eventType"]!.ToString().ShouldBe("snapshot");
        positionsSnapshot["data"]!.AsArray().ShouldBeEmpty();
        accountSnapshot["eventType"]!.ToString().ShouldBe("snapshot");
        accountSnapshot["data"]![0]!["details"]![0]!["ccy"]!.ToString().ShouldBe("USDT");
        var order = filled["data"]![0]!;
        order["clOrdId"]!.ToString().ShouldBe("ws1");
        order["accFillSz"]!.ToString().ShouldBe("1");
        order["avgPx"]!.ToString().ShouldBe("50000");
        okx.WsLoginCount.ShouldBe(1);
        okx.WsSubscriptionCount.ShouldBe(3);
    }

    [Fact]
    public async Task PrivateChannelsRequireLoginWith60011()
    {
        await using var okx = await StartAsync();
        await using var socket = await OkxTestSocket.ConnectAsync(okx, "private");

        await socket.SendAsync("""{"op":"subscribe","args":[{"channel":"orders","instType":"ANY"}]}""");
        var error = await socket.ReceiveUntilAsync(m => Event(m) is "error" or "subscribe");

        Event(error).ShouldBe("error");
        error["code"]!.ToString().ShouldBe("60011");
        okx.WsSubscriptionCount.ShouldBe(0);
    }

    [Fact]
    public async Task ACandleChannelIsRejectedOnPublicWith64001AndServedOnBusiness()
    {
        await using var okx = await StartAsync();
        await using var publicSocket = await OkxTestSocket.ConnectAsync(okx, "public");
        await using var business = await OkxTestSocket.ConnectAsync(okx, "business");
        var subscribe = $$"""{"op":"subscribe","args":[{"channel":"candle5m","instId":"{{Btc}}"}]}""";

        await publicSocket.SendAsync(subscribe);
        var rejected = await publicSocket.ReceiveUntilAsync(m => Event(m) is "error" or "subscribe");
        await business.SendAsync(subscribe);
        var accepted = await business.ReceiveUntilAsync(m => Event(m) is "error" or "subscribe");
        var bar = new FakeOkxCandle(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), 50_000m, 50_100m, 49_900m, 50_050m, 12m);
        okx.PushCandle(Btc, "5m", bar, confirm: true);
        var push = await business.ReceiveUntilAsync(m => Channel(m) == "candle5m");

        rejected["code"]!.ToString().ShouldBe("64001");
        Event(accepted).ShouldBe("subscribe");
        var row = push["data"]![0]!.AsArray();
        row[0]!.ToString().ShouldBe(bar.Time.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        row[4]!.ToString().ShouldBe("50050");
        row[8]!.ToString().ShouldBe("1");
    }

    [Fact]
    public async Task AnswersTextPingWithTextPong()
    {
        await using var okx = await StartAsync();
        await using var socket = await OkxTestSocket.ConnectAsync(okx, "public");

        await socket.SendAsync("ping");

        (await socket.ReceiveTextAsync()).ShouldBe("pong");
    }

    [Fact]
    public async Task ClosesASilentSocketWithCode4004()
    {
        await using var okx = await StartAsync(silence: TimeSpan.FromMilliseconds(300));
        await using var socket = await OkxTestSocket.ConnectAsync(okx, "public");

        var frame = await socket.ReceiveTextAsync(TimeSpan.FromSeconds(3));

        frame.ShouldBeNull();
        socket.CloseStatus.ShouldBe((WebSocketCloseStatus)4004);
    }

    [Fact]
    public async Task DuplicatedPushesArriveTwiceAndTickersFollowSetPrice()
    {
        await using var okx = await StartAsync();
        await using var socket = await OkxTestSocket.ConnectAsync(okx, "public");
        await socket.SendAsync($$"""{"op":"subscribe","args":[{"channel":"tickers","instId":"{{Btc}}"}]}""");
        await socket.ReceiveUntilAsync(m => Event(m) == "subscribe");

        okx.DuplicatePushes(true);
        okx.SetPrice(Btc, 50_100m);
        var first = await socket.ReceiveUntilAsync(m => Channel(m) == "tickers");
        var second = await socket.ReceiveUntilAsync(m => Channel(m) == "tickers");

        first["data"]![0]!["last"]!.ToString().ShouldBe("50100");
        first["data"]![0]!["bidPx"]!.ToString().ShouldBe("50099.9");
        second.ToJsonString().ShouldBe(first.ToJsonString());
    }

    [Fact]
    public async Task SendsTheServiceUpgradeNoticeAndDropsSocketsOnRequest()
    {
        await using var okx = await StartAsync();
        await using var socket = await OkxTestSocket.ConnectAsync(okx, "public");
        await socket.SendAsync("ping");
        await socket.ReceiveTextAsync();

        okx.SendNotice64008();
        var notice = await socket.ReceiveUntilAsync(m => Event(m) == "notice");
        okx.DropAllSockets();
        var afterDrop = async () => await socket.ReceiveTextAsync(TimeSpan.FromSeconds(3));

        notice["code"]!.ToString().ShouldBe("64008");
        await Should.ThrowAsync<WebSocketException>(afterDrop);
        okx.WsConnectionCount.ShouldBe(1);
    }
}
