using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.FakeServer;

public sealed class FakeOkxServerTests
{
    private const string Btc = "BTC-USDT-SWAP";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static async Task<FakeOkxServer> StartAsync(FakeTimeProvider? clock = null, TimeSpan? timeoutFaultDelay = null)
    {
        var server = await FakeOkxServer.StartAsync(new FakeOkxOptions
        {
            TimeProvider = clock ?? new FakeTimeProvider(Start),
            AddTypicalSwaps = true,
            TimeoutFaultDelay = timeoutFaultDelay ?? TimeSpan.FromSeconds(60),
        }, TestContext.Current.CancellationToken);
        server.SetPrice(Btc, 50_000m);
        return server;
    }

    private static string MarketOrder(string side, string size, string clOrdId, string extra = "") =>
        $$"""{"instId":"{{Btc}}","tdMode":"cross","side":"{{side}}","ordType":"market","sz":"{{size}}","clOrdId":"{{clOrdId}}"{{extra}}}""";

    [Fact]
    public async Task RejectsAPrivateCallWhoseSignatureDoesNotMatchWith50113()
    {
        await using var okx = await StartAsync();
        using var http = new SignedOkxHttp(okx) { Secret = "not-the-secret" };

        var response = await http.PostAsync("/api/v5/trade/order", MarketOrder("buy", "1", "badsign1"));

        response.Status.ShouldBe(HttpStatusCode.Unauthorized);
        response.Code.ShouldBe("50113");
        response.Json.ContainsKey("data").ShouldBeFalse();
        okx.Orders.ShouldBeEmpty();
        okx.Requests.Single().ClOrdId.ShouldBe("badsign1");
    }

    [Fact]
    public async Task AcceptsACorrectlySignedCallWithAQueryString()
    {
        await using var okx = await StartAsync();
        using var http = new SignedOkxHttp(okx);

        var response = await http.GetAsync("/api/v5/account/balance?ccy=USDT");

        response.Status.ShouldBe(HttpStatusCode.OK);
        response.Code.ShouldBe("0");
        var usdt = response.First["details"]!.AsArray().Single()!.AsObject();
        usdt["ccy"]!.ToString().ShouldBe("USDT");
        usdt["availBal"]!.ToString().ShouldBe("10000");
    }

    [Fact]
    public async Task RejectsATimestampMoreThan30SecondsFromTheServerClockWith50102()
    {
        await using var okx = await StartAsync();
        using var http = new SignedOkxHttp(okx) { ClockOffset = TimeSpan.FromSeconds(31) };

        var late = await http.GetAsync("/api/v5/account/config");
        http.ClockOffset = TimeSpan.FromSeconds(-29);
        var withinSkew = await http.GetAsync("/api/v5/account/config");

        late.Status.ShouldBe(HttpStatusCode.Unauthorized);
        late.Code.ShouldBe("50102");
        withinSkew.Code.ShouldBe("0");
        withinSkew.First["posMode"]!.ToString().ShouldBe("net_mode");
    }

    [Fact]
    public async Task RequiresTheSimulatedTradingHeaderForADemoKey()
    {
        await using var okx = await StartAsync();
        using var http = new SignedOkxHttp(okx) { SendDemoHeader = false };

        var response = await http.GetAsync("/api/v5/account/positions");

        response.Status.ShouldBe(HttpStatusCode.Unauthorized);
        response.Code.ShouldBe("50101");
    }

    [Fact]
    public async Task AnswersAnUnknownPathWith404AndANumericCode()
    {
        await using var okx = await StartAsync();
        using var http = new SignedOkxHttp(okx);

        var response = await http.GetAsync("/api/v5/market/nothing-here");

        response.Status.ShouldBe(HttpStatusCode.NotFound);
        response.Json["code"]!.GetValue<int>().ShouldBe(404);
    }

    [Fact]
    public async Task MarketOrdersOpenAndCloseANetPositionWithTakerFeesAndRealisedPnl()
    {
        await using var okx = await StartAsync();
        using var http = new SignedOkxHttp(okx);

        var open = await http.PostAsync("/api/v5/trade/order", MarketOrder("buy", "2", "open1"));
        var position = (await http.GetAsync("/api/v5/account/positions?instId=" + Btc)).First;
        okx.SetPrice(Btc, 51_000m);
        var close = await http.PostAsync("/api/v5/trade/order", MarketOrder("sell", "2", "close1", ""","reduceOnly":true"""));
        var details = (await http.GetAsync("/api/v5/trade/order?instId=" + Btc + "&clOrdId=close1")).First;

        open.Code.ShouldBe("0");
        open.First["ordId"]!.ToString().Length.ShouldBe(19);
        position["pos"]!.ToString().ShouldBe("2");
        position["avgPx"]!.ToString().ShouldBe("50000");
        position["posSide"]!.ToString().ShouldBe("net");
        close.Code.ShouldBe("0");
        details["state"]!.ToString().ShouldBe("filled");
        details["avgPx"]!.ToString().ShouldBe("51000");
        details["fee"]!.ToString().ShouldBe("-0.51");
        // 2 contracts x 0.01 BTC: entry fee 0.5, exit fee 0.51, profit 20.
        okx.Positions.ShouldBeEmpty();
        okx.GetBalance().CashBalance.ShouldBe(10_000m - 0.5m + 20m - 0.51m);
        okx.GetPosition(Btc)!.RealizedPnl.ShouldBe(20m - 0.5m - 0.51m);
        okx.Fills.Count.ShouldBe(2);
    }

    [Fact]
    public async Task RejectsSizesOffTheLotStepBelowTheMinimumAndPricesOffTheTick()
    {
        await using var okx = await StartAsync();
        using var http = new SignedOkxHttp(okx);

        var offLot = await http.PostAsync("/api/v5/trade/order", MarketOrder("buy", "0.015", "lot1"));
        okx.AddInstrument(FakeOkxInstrument.BtcUsdtSwap with { InstId = "SOL-USDT-SWAP", MinSize = 1m, LotSize = 0.01m });
        okx.SetPrice("SOL-USDT-SWAP", 100m);
        var belowMin = await http.PostAsync("/api/v5/trade/order",
            """{"instId":"SOL-USDT-SWAP","tdMode":"cross","side":"buy","ordType":"market","sz":"0.5"}""");
        var offTick = await http.PostAsync("/api/v5/trade/order",
            $$"""{"instId":"{{Btc}}","tdMode":"cross","side":"buy","ordType":"limit","px":"49000.05","sz":"1"}""");
        var tooBig = await http.PostAsync("/api/v5/trade/order", MarketOrder("buy", "500", "big1"));

        offLot.Code.ShouldBe("1");
        offLot.Json["msg"]!.ToString().ShouldBe("All operations failed");
        offLot.First["sCode"]!.ToString().ShouldBe("51121");
        belowMin.First["sCode"]!.ToString().ShouldBe("51020");
        offTick.First["sCode"]!.ToString().ShouldBe("51150");
        tooBig.First["sCode"]!.ToString().ShouldBe("51008");
        okx.Orders.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnAttachedStopRestsOnceTheEntryFillsAndClosesThePositionWhenCrossed()
    {
        await using var okx = await StartAsync();
        using var http = new SignedOkxHttp(okx);

        var entry = await http.PostAsync("/api/v5/trade/order",
            MarketOrder("buy", "1", "entry1", ""","attachAlgoOrds":[{"slTriggerPx":"49000","slOrdPx":"-1"}]"""));
        var resting = await http.GetAsync("/api/v5/trade/orders-algo-pending?ordType=conditional,oco&instId=" + Btc);
        okx.SetPrice(Btc, 49_500m);
        var stillOpen = okx.Positions.Count;
        okx.SetPrice(Btc, 48_900m);
        var afterTrigger = await http.GetAsync("/api/v5/trade/orders-algo-pending?ordType=conditional,oco");

        entry.Code.ShouldBe("0");
        var stop = resting.Data.Single()!.AsObject();
        stop["ordType"]!.ToString().ShouldBe("conditional");
        stop["side"]!.ToString().ShouldBe("sell");
        stop["slTriggerPx"]!.ToString().ShouldBe("49000");
        stop["sz"]!.ToString().ShouldBe("1");
        stillOpen.ShouldBe(1);
        okx.Positions.ShouldBeEmpty();
        afterTrigger.Data.ShouldBeEmpty();
        var algo = okx.AlgoOrders.Single();
        algo.State.ShouldBe("effective");
        algo.ActualSide.ShouldBe("sl");
        var child = okx.Orders.Single(o => o.AlgoId == algo.AlgoId);
        child.Side.ShouldBe("sell");
        child.ReduceOnly.ShouldBeTrue();
        child.State.ShouldBe("filled");
        child.AveragePrice.ShouldBe(48_900m);
        okx.GetBalance().CashBalance.ShouldBe(10_000m - 0.25m - 11m - 0.2445m);
    }

    [Fact]
    public async Task AStopLossAmendedThroughAmendAlgosTriggersAtItsNewPrice()
    {
        await using var okx = await StartAsync();
        using var http = new SignedOkxHttp(okx);
        await http.PostAsync("/api/v5/trade/order", MarketOrder("buy", "1", "entry2"));
        var placed = await http.PostAsync("/api/v5/trade/order-algo",
            $$"""{"instId":"{{Btc}}","tdMode":"cross","side":"sell","ordType":"conditional","closeFraction":"1","reduceOnly":true,"slTriggerPx":"48000","slOrdPx":"-1","algoClOrdId":"stop2"}""");
        var algoId = placed.First["algoId"]!.ToString();

        var amended = await http.PostAsync("/api/v5/trade/amend-algos",
            $$"""{"instId":"{{Btc}}","algoId":"{{algoId}}","newSlTriggerPx":"49500"}""");
        okx.SetPrice(Btc, 49_600m);
        var openBefore = okx.Positions.Count;
        okx.SetPrice(Btc, 49_400m);

        placed.Code.ShouldBe("0");
        amended.Code.ShouldBe("0");
        openBefore.ShouldBe(1);
        okx.Positions.ShouldBeEmpty();
        okx.AlgoOrders.Single().StopLossTriggerPrice.ShouldBe(49_500m);
    }

    [Fact]
    public async Task ADuplicateClOrdIdIsRejectedWhilePendingAndReusableOnceFilled()
    {
        await using var okx = await StartAsync();
        using var http = new SignedOkxHttp(okx);
        var limit = $$"""{"instId":"{{Btc}}","tdMode":"cross","side":"buy","ordType":"limit","px":"49000","sz":"1","clOrdId":"dup1"}""";

        var first = await http.PostAsync("/api/v5/trade/order", limit);
        var duplicate = await http.PostAsync("/api/v5/trade/order", limit);
        okx.SetPrice(Btc, 48_990m);
        var reused = await http.PostAsync("/api/v5/trade/order", MarketOrder("sell", "1", "dup1"));
        var latest = (await http.GetAsync("/api/v5/trade/order?instId=" + Btc + "&clOrdId=dup1")).First;

        first.Code.ShouldBe("0");
        duplicate.Code.ShouldBe("1");
        duplicate.First["sCode"]!.ToString().ShouldBe("51016");
        reused.Code.ShouldBe("0");
        okx.Orders.Count(o => o.ClOrdId == "dup1").ShouldBe(2);
        okx.Orders[0].State.ShouldBe("filled");
        okx.Orders[0].AveragePrice.ShouldBe(49_000m);
        latest["ordId"]!.ToString().ShouldBe(reused.First["ordId"]!.ToString());
        latest["side"]!.ToString().ShouldBe("sell");
    }

    [Fact]
    public async Task ATimeoutFaultPlacesTheOrderButNoResponseArrivesInTime()
    {
        await using var okx = await StartAsync(timeoutFaultDelay: TimeSpan.FromSeconds(5));
        using var impatient = new SignedOkxHttp(okx, timeout: TimeSpan.FromMilliseconds(300));
        using var http = new SignedOkxHttp(okx);
        okx.Faults.Enqueue("/api/v5/trade/order", FakeOkxFault.Timeout);

        var call = () => impatient.PostAsync("/api/v5/trade/order", MarketOrder("buy", "1", "unknown1"));

        await Should.ThrowAsync<TaskCanceledException>(call);
        var lookup = await http.GetAsync("/api/v5/trade/order?instId=" + Btc + "&clOrdId=unknown1");
        lookup.First["state"]!.ToString().ShouldBe("filled");
        okx.Orders.Single().ClOrdId.ShouldBe("unknown1");
        okx.Positions.Single().Contracts.ShouldBe(1m);
        okx.Requests.Single(r => r.Fault == FakeOkxFault.Timeout).ClOrdId.ShouldBe("unknown1");
        okx.Faults.Pending.ShouldBe(0);
    }

    [Fact]
    public async Task ARateLimitFaultAnswers429WithoutPlacingTheOrder()
    {
        await using var okx = await StartAsync();
        using var http = new SignedOkxHttp(okx);
        okx.Faults.Enqueue("/api/v5/trade/", FakeOkxFault.RateLimit429);

        var limited = await http.PostAsync("/api/v5/trade/order", MarketOrder("buy", "1", "rl1"));
        var retried = await http.PostAsync("/api/v5/trade/order", MarketOrder("buy", "1", "rl1"));

        limited.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Code.ShouldBe("50011");
        retried.Code.ShouldBe("0");
        okx.Orders.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ServesCandlesNewestFirstWithAfterAndBeforePaging()
    {
        await using var okx = await StartAsync();
        using var http = new SignedOkxHttp(okx);
        var candles = Enumerable.Range(0, 5)
            .Select(i => new FakeOkxCandle(Start.AddMinutes(5 * i), 100 + i, 101 + i, 99 + i, 100.5m + i, 10))
            .ToList();
        okx.AddCandles(Btc, "5m", candles);
        var ts = candles.Select(c => c.Time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).ToList();

        var latest = await http.GetAsync($"/api/v5/market/candles?instId={Btc}&bar=5m&limit=2");
        var older = await http.GetAsync($"/api/v5/market/history-candles?instId={Btc}&bar=5m&after={ts[3]}&limit=10");
        var newer = await http.GetAsync($"/api/v5/market/candles?instId={Btc}&bar=5m&before={ts[2]}");

        Times(latest).ShouldBe([ts[4], ts[3]]);
        Times(older).ShouldBe([ts[2], ts[1], ts[0]]);
        Times(newer).ShouldBe([ts[4], ts[3]]);
        var row = latest.Data[0]!.AsArray();
        row.Count.ShouldBe(9);
        row[4]!.ToString().ShouldBe("104.5");
        row[6]!.ToString().ShouldBe("0.1");
        row[8]!.ToString().ShouldBe("1");
    }

    private static List<string> Times(SignedOkxHttp.Response response) =>
        [.. response.Data.Select(r => r!.AsArray()[0]!.ToString())];
}
