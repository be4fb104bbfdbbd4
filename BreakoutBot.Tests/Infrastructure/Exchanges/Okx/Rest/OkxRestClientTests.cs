using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BreakoutBot.Domain.Engine.Errors;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Rest;

public sealed class OkxRestClientTests
{
    private const string Secret = "chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO";
    private const string ApiKey = "test-api-key-0001";
    private const string Passphrase = "test-passphrase";
    private static readonly DateTimeOffset Start = new(2020, 12, 8, 9, 8, 57, 715, TimeSpan.Zero);

    private const string BalanceData = """[{"totalEq":"100","details":[{"ccy":"USDT","eq":"100","cashBal":"100","availBal":"90","frozenBal":"10","upl":"0"}]}]""";
    private const string Placed = """[{"ordId":"2896576259728695296","clOrdId":"bb1e1","tag":"","ts":"1700000000000","sCode":"0","sMsg":"Order placed"}]""";

    [Fact]
    public async Task SignsAGetOverThePathAndQuerySent()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Ok(BalanceData));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false));

        var balance = await client.GetBalanceAsync("BTC", CancellationToken.None);

        balance.IsSuccess.ShouldBeTrue();
        var request = handler.Requests.ShouldHaveSingleItem();
        request.PathAndQuery.ShouldBe("/api/v5/account/balance?ccy=BTC");
        request.Header("OK-ACCESS-KEY").ShouldBe(ApiKey);
        request.Header("OK-ACCESS-PASSPHRASE").ShouldBe(Passphrase);
        request.Header("OK-ACCESS-TIMESTAMP").ShouldBe("2020-12-08T09:08:57.715Z");
        request.Header("OK-ACCESS-SIGN").ShouldBe(IndependentSign("2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC"));
        request.Header("OK-ACCESS-SIGN").ShouldBe("ebNz0sDoc3LoFm1hqjP8LDT0fnRlDERj5C+I4ZqB4Cw=");
        request.Header("x-simulated-trading").ShouldBeNull();
    }

    [Fact]
    public async Task SignsAPostOverTheExactBodyBytesSent()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Ok(Placed));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false));

        var placed = await client.PlaceOrderAsync(MarketBuy("BTC-USDT-SWAP", "bb1e1"), CancellationToken.None);

        placed.Value.OrderId.ShouldBe("2896576259728695296");
        var request = handler.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe("/api/v5/trade/order");
        request.ContentType.ShouldBe("application/json");
        request.Header("OK-ACCESS-SIGN").ShouldBe(IndependentSign("2020-12-08T09:08:57.715ZPOST/api/v5/trade/order" + request.BodyText));
        using var body = JsonDocument.Parse(request.Body!);
        body.RootElement.GetProperty("sz").GetString().ShouldBe("0.01");
        body.RootElement.GetProperty("reduceOnly").ValueKind.ShouldBe(JsonValueKind.False);
        var stop = body.RootElement.GetProperty("attachAlgoOrds")[0];
        stop.GetProperty("slTriggerPx").GetString().ShouldBe("95000.5");
        stop.GetProperty("slOrdPx").GetString().ShouldBe("-1");
    }

    [Fact]
    public async Task SetLeverageBodyAndSignatureMatchThePublishedVector()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Ok("""[{"lever":"5","mgnMode":"isolated","instId":"BTC-USDT","posSide":""}]"""));
        using var client = Client(handler, new FakeTimeProvider(Start), new OkxCredentials(ApiKey, "22582BD0CFF14C41EDBF1AB98506286D", Passphrase, isDemo: false));

        var leverage = await client.SetLeverageAsync("BTC-USDT", 5m, "isolated", null, CancellationToken.None);

        leverage.Value.ShouldBe(5m);
        var request = handler.Requests.ShouldHaveSingleItem();
        request.BodyText.ShouldBe("""{"instId":"BTC-USDT","lever":"5","mgnMode":"isolated"}""");
        request.Header("OK-ACCESS-SIGN").ShouldBe("eCnnCgWLjlQ9XnpUkrcny3qNq3WW/81KNrDr/XR6Xv8=");
    }

    [Fact]
    public async Task DemoKeysMarkEveryRequestAsSimulatedTrading()
    {
        var handler = new ScriptedHttpHandler(request => request.Path.EndsWith("/time", StringComparison.Ordinal)
            ? ScriptedHttpHandler.Ok("""[{"ts":"1607418537715"}]""")
            : ScriptedHttpHandler.Ok(BalanceData));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: true));

        (await client.GetBalanceAsync(null, CancellationToken.None)).IsSuccess.ShouldBeTrue();
        (await client.GetServerTimeAsync(CancellationToken.None)).IsSuccess.ShouldBeTrue();

        handler.Requests.Count.ShouldBe(2);
        handler.Requests.ShouldAllBe(request => request.Header("x-simulated-trading") == "1");
        handler.Requests.Last().Header("OK-ACCESS-SIGN").ShouldBeNull();
    }

    [Fact]
    public async Task ClientWithoutKeysServesPublicDataAndRefusesPrivateCalls()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Ok("""[{"instType":"SWAP","instId":"BTC-USDT-SWAP","last":"1","ts":"1700000000000"}]"""));
        using var client = Client(handler, new FakeTimeProvider(Start), credentials: null);

        var ticker = await client.GetTickerAsync("BTC-USDT-SWAP", CancellationToken.None);
        var balance = await client.GetBalanceAsync(null, CancellationToken.None);

        ticker.Value.Last.ShouldBe(1m);
        balance.Error!.Kind.ShouldBe(OkxErrorKind.MissingCredentials);
        balance.Error.Message.ShouldContain("without API keys");
        var request = handler.Requests.ShouldHaveSingleItem();
        request.PathAndQuery.ShouldBe("/api/v5/market/ticker?instId=BTC-USDT-SWAP");
        request.Header("OK-ACCESS-KEY").ShouldBeNull();
    }

    [Fact]
    public async Task RejectedOrderComesBackAsAMappedErrorWithoutRetry()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Json(
            HttpStatusCode.OK,
            """{"code":"1","msg":"All operations failed","data":[{"ordId":"","clOrdId":"bb1e1","sCode":"51008","sMsg":"Order failed. Insufficient USDT margin in account"}]}"""));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false));

        var placed = await client.PlaceOrderAsync(MarketBuy("BTC-USDT-SWAP", "bb1e1"), CancellationToken.None);

        placed.Error!.Code.ShouldBe("51008");
        placed.Error.Kind.ShouldBe(OkxErrorKind.InsufficientMargin);
        placed.Error.ExchangeErrorCode.ShouldBe(ExchangeErrorCode.InsufficientMargin);
        handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task DuplicateClientOrderIdIsReportedAsSuch()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Json(
            HttpStatusCode.OK,
            """{"code":"1","msg":"All operations failed","data":[{"ordId":"","clOrdId":"bb1e1","sCode":"51016","sMsg":"Duplicated clOrdId"}]}"""));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false));

        var placed = await client.PlaceOrderAsync(MarketBuy("BTC-USDT-SWAP", "bb1e1"), CancellationToken.None);

        placed.Error!.Kind.ShouldBe(OkxErrorKind.DuplicateClientOrderId);
    }

    [Fact]
    public async Task UnauthorizedBodyWithoutDataIsNotRetried()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Json(HttpStatusCode.Unauthorized, """{"msg":"Invalid OK-ACCESS-KEY","code":"50111"}"""));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false));

        var balance = await client.GetBalanceAsync(null, CancellationToken.None);

        balance.Error!.Kind.ShouldBe(OkxErrorKind.Unauthorized);
        balance.Error.HttpStatus.ShouldBe(401);
        balance.Error.Message.ShouldBe("Invalid OK-ACCESS-KEY");
        handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task UnknownPathGivesTheNumericCodeAsAnInvalidRequest()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Json(
            HttpStatusCode.NotFound,
            """{"code":404,"data":{},"detailMsg":"","error_code":"404","error_message":"Not Found","msg":"Not Found"}"""));
        using var client = Client(handler, new FakeTimeProvider(Start), credentials: null);

        var time = await client.GetServerTimeAsync(CancellationToken.None);

        time.Error!.Code.ShouldBe("404");
        time.Error.Kind.ShouldBe(OkxErrorKind.InvalidRequest);
        handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task RateLimitedGetIsRetriedUntilItSucceeds()
    {
        var calls = 0;
        var handler = new ScriptedHttpHandler(_ => Interlocked.Increment(ref calls) == 1
            ? ScriptedHttpHandler.Json(HttpStatusCode.OK, """{"code":"50011","msg":"Rate limit reached. Please refer to API documentation and throttle requests accordingly.","data":[]}""")
            : ScriptedHttpHandler.Ok(BalanceData));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false));

        var balance = await client.GetBalanceAsync(null, CancellationToken.None);

        balance.Value.TotalEquity.ShouldBe(100m);
        handler.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task RateLimitedPlacementIsResentBecauseOkxDidNotAcceptIt()
    {
        var calls = 0;
        var handler = new ScriptedHttpHandler(_ => Interlocked.Increment(ref calls) == 1
            ? ScriptedHttpHandler.Json(HttpStatusCode.TooManyRequests, """{"msg":"Too Many Requests","code":"50011"}""")
            : ScriptedHttpHandler.Ok(Placed));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false));

        var placed = await client.PlaceOrderAsync(MarketBuy("BTC-USDT-SWAP", "bb1e1"), CancellationToken.None);

        placed.IsSuccess.ShouldBeTrue();
        handler.Requests.Count.ShouldBe(2);
        handler.Requests.Select(request => request.BodyText).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task BusyGetIsRetriedUpToTheLimitThenReported()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Json(HttpStatusCode.ServiceUnavailable, """{"code":"50001","msg":"Service temporarily unavailable. Please try again later","data":[]}"""));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false), options => options.MaxRetries = 2);

        var balance = await client.GetBalanceAsync(null, CancellationToken.None);

        balance.Error!.Kind.ShouldBe(OkxErrorKind.ExchangeBusy);
        handler.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task PlacementThatTimesOutIsNotResentAndReportsAnUnknownOutcome()
    {
        var time = new FakeTimeProvider(Start);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHttpHandler(async (_, cancellationToken) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return ScriptedHttpHandler.Ok(Placed);
        });
        using var client = Client(handler, time, Keys(isDemo: false), options => options.RequestTimeout = TimeSpan.FromSeconds(5));

        var placing = client.PlaceOrderAsync(MarketBuy("BTC-USDT-SWAP", "bb1e1"), CancellationToken.None);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(5));
        var placed = await placing.WaitAsync(TimeSpan.FromSeconds(5));

        placed.Error!.Kind.ShouldBe(OkxErrorKind.OutcomeUnknown);
        placed.Error.ExchangeErrorCode.ShouldBe(ExchangeErrorCode.Timeout);
        placed.Error.Message.ShouldContain("client id");
        handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task PlacementAnsweredWithAServerErrorIsNotResent()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Json(HttpStatusCode.InternalServerError, """{"code":"50026","msg":"System error. Try again later","data":[]}"""));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false));

        var placed = await client.PlaceAlgoOrderAsync(
            new OkxAlgoOrderRequest { InstrumentId = "BTC-USDT-SWAP", TradeMode = "cross", Side = "sell", OrderType = "conditional", Size = 1m, StopLossTriggerPrice = 90000m, AlgoClientOrderId = "bb1sl1" },
            CancellationToken.None);

        placed.Error!.Kind.ShouldBe(OkxErrorKind.OutcomeUnknown);
        placed.Error.Code.ShouldBe("50026");
        handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ExpiredTimestampResyncsTheClockAndRetriesOnce()
    {
        var time = new FakeTimeProvider(Start);
        var serverAhead = TimeSpan.FromSeconds(45);
        var balanceCalls = 0;
        var handler = new ScriptedHttpHandler(request =>
        {
            if (request.Path == "/api/v5/public/time")
            {
                return ScriptedHttpHandler.Ok($$"""[{"ts":"{{(Start + serverAhead).ToUnixTimeMilliseconds()}}"}]""");
            }
            return Interlocked.Increment(ref balanceCalls) == 1
                ? ScriptedHttpHandler.Json(HttpStatusCode.Unauthorized, """{"msg":"Timestamp request expired","code":"50102"}""")
                : ScriptedHttpHandler.Ok(BalanceData);
        });
        using var client = Client(handler, time, Keys(isDemo: false));

        var balance = await client.GetBalanceAsync(null, CancellationToken.None);

        balance.IsSuccess.ShouldBeTrue();
        client.ClockOffset.ShouldBe(serverAhead);
        handler.Requests.Select(request => request.Path).ShouldBe(["/api/v5/account/balance", "/api/v5/public/time", "/api/v5/account/balance"]);
        var retried = handler.Requests.Last();
        retried.Header("OK-ACCESS-TIMESTAMP").ShouldBe("2020-12-08T09:09:42.715Z");
        retried.Header("OK-ACCESS-SIGN").ShouldBe(IndependentSign("2020-12-08T09:09:42.715ZGET/api/v5/account/balance"));
    }

    [Fact]
    public async Task ClockThatStaysWrongIsReportedAfterOneResync()
    {
        var handler = new ScriptedHttpHandler(request => request.Path == "/api/v5/public/time"
            ? ScriptedHttpHandler.Ok("""[{"ts":"1607418537715"}]""")
            : ScriptedHttpHandler.Json(HttpStatusCode.Unauthorized, """{"msg":"Timestamp request expired","code":"50102"}"""));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false));

        var balance = await client.GetBalanceAsync(null, CancellationToken.None);

        balance.Error!.Kind.ShouldBe(OkxErrorKind.ClockSkew);
        handler.Requests.Count(request => request.Path == "/api/v5/account/balance").ShouldBe(2);
    }

    [Fact]
    public async Task SixtyFirstPlacementWithinTheWindowWaitsForItsInstrumentOnly()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Ok(Placed));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false), options => options.RateLimitWindow = TimeSpan.FromSeconds(2));

        for (var i = 0; i < 60; i++)
        {
            (await client.PlaceOrderAsync(MarketBuy("BTC-USDT-SWAP", $"btc{i}"), CancellationToken.None)).IsSuccess.ShouldBeTrue();
        }
        var sixtyFirst = client.PlaceOrderAsync(MarketBuy("BTC-USDT-SWAP", "btc60"), CancellationToken.None);
        var otherInstrument = await client.PlaceOrderAsync(MarketBuy("ETH-USDT-SWAP", "eth0"), CancellationToken.None);

        otherInstrument.IsSuccess.ShouldBeTrue();
        sixtyFirst.IsCompleted.ShouldBeFalse();
        (await sixtyFirst.WaitAsync(TimeSpan.FromSeconds(5))).IsSuccess.ShouldBeTrue();
        var order = handler.Requests.Select(request => JsonDocument.Parse(request.Body!).RootElement.GetProperty("clOrdId").GetString()).ToList();
        order.IndexOf("eth0").ShouldBeLessThan(order.IndexOf("btc60"));
        order.Count.ShouldBe(62);
    }

    [Fact]
    public async Task WaitingForAPermitEndsWithTheCallersToken()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Ok("""[{"ts":"1607418537715"}]"""));
        using var client = Client(handler, new FakeTimeProvider(Start), credentials: null, options => options.RateLimitWindow = TimeSpan.FromSeconds(30));
        for (var i = 0; i < 10; i++)
        {
            await client.GetServerTimeAsync(CancellationToken.None);
        }
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Should.ThrowAsync<OperationCanceledException>(() => client.GetServerTimeAsync(cancel.Token));
        handler.Requests.Count.ShouldBe(10);
    }

    [Fact]
    public async Task CircuitOpensAfterRepeatedTransientFailuresAndClosesAfterTheCooldown()
    {
        var time = new FakeTimeProvider(Start);
        var healthy = false;
        var handler = new ScriptedHttpHandler(_ => Volatile.Read(ref healthy)
            ? ScriptedHttpHandler.Ok("""[{"ts":"1607418537715"}]""")
            : ScriptedHttpHandler.Json(HttpStatusCode.ServiceUnavailable, """{"code":"50001","msg":"Service temporarily unavailable","data":[]}"""));
        using var client = Client(handler, time, credentials: null, options =>
        {
            options.MaxRetries = 0;
            options.CircuitBreakerFailureThreshold = 3;
            options.CircuitBreakerOpenDuration = TimeSpan.FromSeconds(30);
        });

        for (var i = 0; i < 3; i++)
        {
            (await client.GetServerTimeAsync(CancellationToken.None)).Error!.Kind.ShouldBe(OkxErrorKind.ExchangeBusy);
        }
        var blocked = await client.GetServerTimeAsync(CancellationToken.None);

        blocked.Error!.Kind.ShouldBe(OkxErrorKind.CircuitOpen);
        client.CircuitState.ShouldBe(CircuitState.Open);
        handler.Requests.Count.ShouldBe(3);

        Volatile.Write(ref healthy, true);
        time.Advance(TimeSpan.FromSeconds(30));
        (await client.GetServerTimeAsync(CancellationToken.None)).IsSuccess.ShouldBeTrue();
        client.CircuitState.ShouldBe(CircuitState.Closed);
        handler.Requests.Count.ShouldBe(4);
    }

    [Fact]
    public async Task BackfillPagesBackThroughHistoryWithAfter()
    {
        var minute = TimeSpan.FromMinutes(5).TotalMilliseconds;
        const long Newest = 1_700_003_000_000;
        string Rows(long from, int count, bool formingFirst) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i =>
        {
            var ts = from - (long)(i * minute);
            var confirm = formingFirst && i == 0 ? "0" : "1";
            return $"""["{ts}","10","11","9","10.5","100","1","10","{confirm}"]""";
        })) + "]";
        var handler = new ScriptedHttpHandler(request =>
        {
            if (request.Path == "/api/v5/market/candles")
            {
                return ScriptedHttpHandler.Ok(Rows(Newest, 4, formingFirst: true));
            }
            var after = long.Parse(request.PathAndQuery.Split("after=")[1].Split('&')[0], System.Globalization.CultureInfo.InvariantCulture);
            return ScriptedHttpHandler.Ok(Rows(after - (long)minute, 3, formingFirst: false));
        });
        using var client = Client(handler, new FakeTimeProvider(Start), credentials: null);

        var candles = (await client.BackfillCandlesAsync("BTC-USDT-SWAP", "5m", 8, CancellationToken.None)).Value;

        candles.Count.ShouldBe(8);
        candles.ShouldAllBe(candle => candle.IsConfirmed);
        candles.Zip(candles.Skip(1)).ShouldAllBe(pair => pair.Second.Time - pair.First.Time == TimeSpan.FromMinutes(5));
        candles[^1].Time.ToUnixTimeMilliseconds().ShouldBe(Newest - (long)minute);
        var paths = handler.Requests.Select(request => request.PathAndQuery).ToList();
        paths[0].ShouldBe("/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=5m&limit=9");
        paths[1].ShouldBe($"/api/v5/market/history-candles?instId=BTC-USDT-SWAP&bar=5m&after={Newest - (3 * (long)minute)}&limit=5");
        paths.Count.ShouldBe(3);
        OkxCandle.ToClosedCandlesOldestFirst(candles, InstrumentKind.Swap).Count.ShouldBe(8);
    }

    [Fact]
    public async Task OrderLookupByClientIdThatFindsNothingIsNotFound()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Ok("[]"));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false));

        var order = await client.GetOrderAsync("BTC-USDT-SWAP", null, "bb1e1", CancellationToken.None);

        order.Error!.Kind.ShouldBe(OkxErrorKind.NotFound);
        handler.Requests.ShouldHaveSingleItem().PathAndQuery.ShouldBe("/api/v5/trade/order?instId=BTC-USDT-SWAP&clOrdId=bb1e1");
    }

    [Fact]
    public async Task CancelAlgosSendsAnArrayAndReturnsEachResult()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Json(
            HttpStatusCode.OK,
            """{"code":"2","msg":"","data":[{"algoId":"11","sCode":"0","sMsg":""},{"algoId":"12","sCode":"51603","sMsg":"Order does not exist"}]}"""));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false));

        var results = await client.CancelAlgoOrdersAsync([new("BTC-USDT-SWAP", "11"), new("BTC-USDT-SWAP", "12")], CancellationToken.None);

        results.Value.Select(result => result.IsSuccess).ShouldBe([true, false]);
        handler.Requests.ShouldHaveSingleItem().BodyText.ShouldBe("""[{"instId":"BTC-USDT-SWAP","algoId":"11"},{"instId":"BTC-USDT-SWAP","algoId":"12"}]""");
    }

    [Fact]
    public async Task PendingOrdersFollowPagesOfAHundred()
    {
        string Page(int from, int count) => "[" + string.Join(",", Enumerable.Range(from, count).Select(i =>
            $$"""{"instId":"BTC-USDT-SWAP","ordId":"{{i}}","side":"buy","ordType":"limit","px":"1","sz":"1","state":"live"}""")) + "]";
        var handler = new ScriptedHttpHandler(request => request.PathAndQuery.Contains("after=", StringComparison.Ordinal)
            ? ScriptedHttpHandler.Ok(Page(100, 5))
            : ScriptedHttpHandler.Ok(Page(0, 100)));
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false));

        var orders = await client.GetPendingOrdersAsync("SWAP", null, CancellationToken.None);

        orders.Value.Count.ShouldBe(105);
        handler.Requests.Last().PathAndQuery.ShouldBe("/api/v5/trade/orders-pending?instType=SWAP&after=99&limit=100");
    }

    [Fact]
    public async Task LogsNameMethodPathAndCodeButNeverSecretsOrSignatures()
    {
        var calls = 0;
        var handler = new ScriptedHttpHandler(_ => Interlocked.Increment(ref calls) == 1
            ? ScriptedHttpHandler.Json(HttpStatusCode.Unauthorized, """{"msg":"Invalid sign","code":"50113"}""")
            : ScriptedHttpHandler.Ok(BalanceData));
        var logs = new RecordingLoggerProvider();
        using var factory = new LoggerFactory([logs]);
        using var client = Client(handler, new FakeTimeProvider(Start), Keys(isDemo: false), logger: factory.CreateLogger<OkxRestClient>());

        await client.GetBalanceAsync("USDT", CancellationToken.None);
        await client.GetBalanceAsync("USDT", CancellationToken.None);

        var signatures = handler.Requests.Select(request => request.Header("OK-ACCESS-SIGN")!).ToList();
        logs.Messages.ShouldContain(message => message.Contains("/api/v5/account/balance?ccy=USDT", StringComparison.Ordinal) && message.Contains("50113", StringComparison.Ordinal));
        logs.Messages.ShouldAllBe(message =>
            !message.Contains(Secret, StringComparison.Ordinal)
            && !message.Contains(Passphrase, StringComparison.Ordinal)
            && !signatures.Any(signature => message.Contains(signature, StringComparison.Ordinal)));
    }

    private static OkxRestClient Client(
        ScriptedHttpHandler handler,
        TimeProvider time,
        OkxCredentials? credentials,
        Action<OkxOptions>? configure = null,
        ILogger<OkxRestClient>? logger = null)
    {
        var options = new OkxOptions
        {
            RestBaseUrl = new Uri("https://okx.test"),
            RetryBaseDelay = TimeSpan.Zero,
            MaxRetries = 3,
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new OkxRestClient(new HttpClient(handler), options, time, logger ?? NullLogger<OkxRestClient>.Instance, credentials);
    }

    private static OkxCredentials Keys(bool isDemo) => new(ApiKey, Secret, Passphrase, isDemo);

    private static OkxPlaceOrderRequest MarketBuy(string instrumentId, string clientOrderId) => new()
    {
        InstrumentId = instrumentId,
        TradeMode = "cross",
        Side = "buy",
        OrderType = "market",
        Size = 0.010m,
        ClientOrderId = clientOrderId,
        ReduceOnly = false,
        AttachedAlgoOrders = [new OkxAttachAlgoRequest { StopLossTriggerPrice = 95000.50m }],
    };

    private static string IndependentSign(string prehash)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(prehash)));
    }
}
