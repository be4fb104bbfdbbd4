using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;
using BreakoutBot.Tests.TestSupport;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.WebSocket;

public sealed class OkxMessageClassifierTests
{
    [Theory]
    [InlineData("login.json", OkxMessageKind.Login, null, null, "0")]
    [InlineData("subscribe.json", OkxMessageKind.Subscribe, "tickers", "BTC-USDT", null)]
    [InlineData("error.json", OkxMessageKind.Error, null, null, "60012")]
    [InlineData("notice-64008.json", OkxMessageKind.Notice, null, null, "64008")]
    [InlineData("candle-push.json", OkxMessageKind.Push, "candle1m", "BTC-USDT-SWAP", null)]
    [InlineData("tickers-push.json", OkxMessageKind.Push, "tickers", "BTC-USDT", null)]
    [InlineData("orders-push.json", OkxMessageKind.Push, "orders", null, null)]
    [InlineData("positions-push.json", OkxMessageKind.Push, "positions", null, null)]
    [InlineData("account-push.json", OkxMessageKind.Push, "account", null, null)]
    public void ClassifiesEveryRecordedServerMessage(string file, OkxMessageKind kind, string? channel, string? instId, string? code)
    {
        var folder = SharedData.RequireFolder("okx/fixtures/ws");

        var message = OkxMessageClassifier.Classify(File.ReadAllText(Path.Combine(folder, file)));

        message.Kind.ShouldBe(kind);
        if (channel is not null)
        {
            message.Arg.ShouldNotBeNull().Channel.ShouldBe(channel);
            message.Arg.InstId.ShouldBe(instId);
        }
        if (code is not null)
        {
            message.Code.ShouldBe(code);
        }
        (message.Push is not null).ShouldBe(kind == OkxMessageKind.Push);
    }

    [Fact]
    public void RecordedPushesKeepTheirDataSelectorsAndEventType()
    {
        var folder = SharedData.RequireFolder("okx/fixtures/ws");

        var candle = Push(File.ReadAllText(Path.Combine(folder, "candle-push.json")));
        var orders = Push(File.ReadAllText(Path.Combine(folder, "orders-push.json")));
        var positions = Push(File.ReadAllText(Path.Combine(folder, "positions-push.json")));
        var account = Push(File.ReadAllText(Path.Combine(folder, "account-push.json")));

        candle.Data[0].GetArrayLength().ShouldBe(9);
        candle.Data[0][0].GetString().ShouldBe("1774964340000");
        orders.InstType.ShouldBe("SWAP");
        orders.Data[0].GetProperty("ordId").GetString().ShouldBe("2497956918703120384");
        orders.EventType.ShouldBeNull();
        positions.InstType.ShouldBe("FUTURES");
        positions.EventType.ShouldBe("snapshot");
        positions.Data[0].GetProperty("posId").GetString().ShouldBe("307173036051017730");
        account.Data[0].GetProperty("details").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public void TreatsTheRecordedClientRequestsAsOperationsNotPushes()
    {
        var folder = SharedData.RequireFolder("okx/fixtures/ws");

        OkxMessageClassifier.Classify(File.ReadAllText(Path.Combine(folder, "login-request.json"))).Kind.ShouldBe(OkxMessageKind.OperationResponse);
        OkxMessageClassifier.Classify(File.ReadAllText(Path.Combine(folder, "subscribe-request.json"))).Kind.ShouldBe(OkxMessageKind.OperationResponse);
    }

    [Fact]
    public void ClassifiesALoginSuccessWithItsConnectionId()
    {
        var message = OkxMessageClassifier.Classify("""{"event":"login","code":"0","msg":"","connId":"a4d3ae55"}""");

        message.Kind.ShouldBe(OkxMessageKind.Login);
        message.Code.ShouldBe("0");
        message.ConnectionId.ShouldBe("a4d3ae55");
    }

    [Fact]
    public void ClassifiesASubscribeAckWithItsArgAndRequestId()
    {
        var message = OkxMessageClassifier.Classify("""{"id":"77","event":"subscribe","arg":{"channel":"candle1H","instId":"BTC-USDT-SWAP"},"connId":"accb8e21"}""");

        message.Kind.ShouldBe(OkxMessageKind.Subscribe);
        message.RequestId.ShouldBe("77");
        message.Arg.ShouldBe(OkxSubscription.ForInstrument("candle1H", "BTC-USDT-SWAP"));
    }

    [Fact]
    public void ClassifiesAnUnsubscribeAck()
    {
        OkxMessageClassifier.Classify("""{"event":"unsubscribe","arg":{"channel":"tickers","instId":"BTC-USDT"},"connId":"1"}""").Kind.ShouldBe(OkxMessageKind.Unsubscribe);
    }

    [Fact]
    public void NeverTakesAnErrorEventForAPushEvenWhenItCarriesArgAndData()
    {
        var message = OkxMessageClassifier.Classify("""{"event":"error","code":"60018","msg":"Wrong URL or channel doesn't exist","arg":{"channel":"candle1m","instId":"BTC-USDT"},"data":[]}""");

        message.Kind.ShouldBe(OkxMessageKind.Error);
        message.Push.ShouldBeNull();
        message.Code.ShouldBe("60018");
    }

    [Fact]
    public void ClassifiesALoginFailureAsAnError()
    {
        var message = OkxMessageClassifier.Classify("""{"event":"error","code":"60009","msg":"Login failed.","connId":"a4d3ae55"}""");

        message.Kind.ShouldBe(OkxMessageKind.Error);
        message.Message.ShouldBe("Login failed.");
    }

    [Fact]
    public void ClassifiesABareCodeAndMessageAsAnError()
    {
        var message = OkxMessageClassifier.Classify("""{"code":"60013","msg":"Invalid args"}""");

        message.Kind.ShouldBe(OkxMessageKind.Error);
        message.Code.ShouldBe("60013");
    }

    [Fact]
    public void AcceptsANumericCode()
    {
        OkxMessageClassifier.Classify("""{"event":"error","code":60012,"msg":"Invalid request"}""").Code.ShouldBe("60012");
    }

    [Fact]
    public void ClassifiesTheUpgradeNotice()
    {
        var message = OkxMessageClassifier.Classify("""{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"x"}""");

        message.Kind.ShouldBe(OkxMessageKind.Notice);
        message.Code.ShouldBe("64008");
    }

    [Fact]
    public void ClassifiesChannelConnectionCountEvents()
    {
        OkxMessageClassifier.Classify("""{"event":"channel-conn-count","channel":"orders","connCount":"2","connId":"abc"}""").Kind.ShouldBe(OkxMessageKind.ChannelConnectionCount);
        OkxMessageClassifier.Classify("""{"event":"channel-conn-count-error","channel":"orders","connCount":"30","connId":"abc"}""").Kind.ShouldBe(OkxMessageKind.ChannelConnectionCount);
    }

    [Fact]
    public void ClassifiesATradingOperationResponseByItsOp()
    {
        var message = OkxMessageClassifier.Classify("""{"id":"1512","op":"order","code":"0","msg":"","data":[{"ordId":"12345689","clOrdId":"","tag":"","ts":"1695190491421","sCode":"0","sMsg":""}],"inTime":"1","outTime":"2"}""");

        message.Kind.ShouldBe(OkxMessageKind.OperationResponse);
        message.Operation.ShouldBe("order");
        message.Push.ShouldBeNull();
    }

    [Fact]
    public void ReadsTheBookActionAndTheUidFreeArgOfAPush()
    {
        var message = OkxMessageClassifier.Classify(
            """{"arg":{"channel":"books","instId":"BTC-USDT","uid":"123"},"action":"snapshot","data":[{"asks":[["8476.98","415","0","13"]],"bids":[],"ts":"1597026383085","checksum":0,"seqId":1,"prevSeqId":-1}]}""",
            OkxWebSocketEndpoint.Public,
            new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var push = message.Push.ShouldNotBeNull();
        push.Action.ShouldBe("snapshot");
        push.Arg.ShouldBe(OkxSubscription.ForInstrument("books", "BTC-USDT"));
        push.Time.ShouldBe(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        push.DataJson.ShouldStartWith("[{\"asks\"");
    }

    [Fact]
    public void ReadsThePositionsEventType()
    {
        var push = Push("""{"arg":{"channel":"positions","instType":"SWAP"},"eventType":"event_update","data":[{"instId":"BTC-USDT-SWAP","pos":"1"}]}""");

        push.EventType.ShouldBe("event_update");
        push.InstType.ShouldBe("SWAP");
        push.Data[0].GetProperty("pos").GetString().ShouldBe("1");
    }

    [Theory]
    [InlineData("pong", OkxMessageKind.Pong)]
    [InlineData("not json", OkxMessageKind.Unknown)]
    [InlineData("[1,2]", OkxMessageKind.Unknown)]
    [InlineData("""{"foo":"bar"}""", OkxMessageKind.Unknown)]
    [InlineData("""{"arg":{"instId":"BTC-USDT"},"data":[]}""", OkxMessageKind.Unknown)]
    public void LeavesAnythingElseUnclassified(string text, OkxMessageKind kind)
    {
        OkxMessageClassifier.Classify(text).Kind.ShouldBe(kind);
    }

    private static OkxPush Push(string json) => OkxMessageClassifier.Classify(json).Push.ShouldNotBeNull();
}
