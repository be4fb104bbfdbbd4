using System.Diagnostics;
using System.Globalization;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Tests.TestSupport.FakeOkx;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Trading;

/// <summary>
/// The OKX adapter against the fake OKX server: faults on placement never produce a second order for one client id,
/// the intent is journalled before OKX sees the request, sizes and prices follow the instrument rules, and a restarted
/// adapter can still manage the orders and fills of the one before.
/// </summary>
public sealed class OkxExchangeClientTests
{
    private const string Btc = OkxAdapterHarness.Btc;
    private const string PlacePath = "/api/v5/trade/order";
    private const string AlgoPath = "/api/v5/trade/order-algo";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AListedInstrumentWithImpossibleSizesIsLeftOutAndTheOthersStillLoad()
    {
        await using var okx = await OkxAdapterHarness.StartAsync();
        okx.Server.AddInstrument(new FakeOkxInstrument("SWAP", "BROKEN-USDT-SWAP", TickSize: 0.01m, LotSize: 1m, MinSize: 0m), asListed: true);

        var restarted = await okx.RestartedAsync();

        restarted.Instruments.ShouldContainKey(Btc);
        restarted.Instruments.ShouldNotContainKey("BROKEN-USDT-SWAP");
    }

    [Fact]
    public async Task WithTheJournalDownAnOpeningOrderWaitsWhileAStopAndAnExitAreStillSent()
    {
        await using var okx = await OkxAdapterHarness.StartAsync();
        (await okx.Client.PlaceOrderAsync(new OrderRequest("open9", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct)).IsSuccess.ShouldBeTrue();
        var journal = new UnwritableJournal();
        var client = new OkxExchangeClient(okx.Rest, journal, okx.Clock);
        (await client.InitializeAsync(Ct)).IsSuccess.ShouldBeTrue();

        var entry = await client.PlaceOrderAsync(new OrderRequest("open10", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct);
        var stop = await client.PlaceOrderAsync(new OrderRequest("stop10", Btc, OrderSide.Sell, OrderType.StopMarket, 0.05m, TriggerPrice: 49_000m, ReduceOnly: true), Ct);
        var exit = await client.PlaceOrderAsync(new OrderRequest("exit10", Btc, OrderSide.Sell, OrderType.Market, 0.05m, ReduceOnly: true), Ct);

        entry.IsSuccess.ShouldBeFalse();
        entry.Error.ShouldBe(ExchangeErrorCode.ExchangeBusy, "a transient refusal: the entry may be tried again");
        entry.Message.ShouldNotBeNull().ShouldContain("order journal");
        okx.PlacementsOf("open10").ShouldBe(0, "nothing that opens risk leaves without its intent on record");
        stop.IsSuccess.ShouldBeTrue(stop.Message);
        exit.IsSuccess.ShouldBeTrue(exit.Message);
        (okx.Server.GetPosition(Btc)?.Contracts ?? 0m).ShouldBe(0m, "the exit closed the position although its answer could not be journalled either");
        journal.Attempts.ShouldBe(5, "three intents tried, and the answers of the two orders sent");
    }

    [Fact]
    public async Task AnOrderIsNotSentWhenTheNodeMayNoLongerActByTheTimeItLeaves()
    {
        await using var okx = await OkxAdapterHarness.StartAsync();
        var mayAct = true;
        okx.Okx.MaySend = () => mayAct;
        // The lease lapses while the intent is being written (after any check made before the call).
        okx.Journal.OnRecorded = entry => mayAct = !entry.IsIntent && mayAct;

        var result = await okx.Client.PlaceOrderAsync(new OrderRequest("late1", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct);

        result.IsSuccess.ShouldBeFalse();
        result.Message.ShouldNotBeNull().ShouldContain("lease has lapsed");
        okx.PlacementsOf("late1").ShouldBe(0);
        (await okx.Client.GetPositionsAsync(Ct)).ShouldBeEmpty("reads still pass");
    }

    /// <summary>A journal whose database is unreachable: every write throws.</summary>
    private sealed class UnwritableJournal : IOrderJournal
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public Task RecordIntentAsync(OrderRequest request, CancellationToken cancellationToken) => Fail();

        public Task RecordOutcomeAsync(string clientOrderId, Order? order, string? error, CancellationToken cancellationToken) => Fail();

        public Task<IReadOnlyList<JournalledOrder>> ReadIntentsAsync(string clientIdPrefix, CancellationToken cancellationToken) =>
            throw new IOException("database unreachable");

        private Task Fail()
        {
            Interlocked.Increment(ref _attempts);
            throw new IOException("database unreachable");
        }
    }

    [Fact]
    public async Task ReturnsTheOrderThatWasPlacedWhenThePlacementTimesOutWithoutSendingItAgain()
    {
        await using var okx = await OkxAdapterHarness.StartAsync(requestTimeout: TimeSpan.FromMilliseconds(300), timeoutFaultDelay: TimeSpan.FromSeconds(3));
        okx.Server.Faults.Enqueue(PlacePath, FakeOkxFault.Timeout);

        var result = await okx.Client.PlaceOrderAsync(new OrderRequest("tmo1", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct);

        okx.Server.Requests.ShouldContain(r => r.Fault == FakeOkxFault.Timeout && r.ClOrdId == "tmo1");
        result.IsSuccess.ShouldBeTrue(result.Message);
        var placed = okx.Server.Orders.ShouldHaveSingleItem();
        placed.ClOrdId.ShouldBe("tmo1");
        result.Order!.OrderId.ShouldBe(placed.OrdId);
        result.Order.Status.ShouldBe(OrderStatus.Filled);
        okx.PlacementsOf("tmo1").ShouldBe(1);
        okx.Server.GetPosition(Btc)!.Contracts.ShouldBe(5m);
        okx.Journal.Entries.Select(e => e.IsIntent).ShouldBe([true, false]);
        okx.Journal.Entries[1].Order!.OrderId.ShouldBe(placed.OrdId);
    }

    [Fact]
    public async Task ReturnsTheStopThatWasPlacedWhenItsPlacementTimesOut()
    {
        await using var okx = await OkxAdapterHarness.StartAsync(requestTimeout: TimeSpan.FromMilliseconds(300), timeoutFaultDelay: TimeSpan.FromSeconds(3));
        (await okx.Client.PlaceOrderAsync(new OrderRequest("open2", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct)).IsSuccess.ShouldBeTrue();
        okx.Server.Faults.Enqueue(AlgoPath, FakeOkxFault.Timeout);

        var result = await okx.Client.PlaceOrderAsync(new OrderRequest("stop2", Btc, OrderSide.Sell, OrderType.StopMarket, 0.05m, TriggerPrice: 49_000m, ReduceOnly: true), Ct);

        result.IsSuccess.ShouldBeTrue(result.Message);
        var algo = okx.Server.AlgoOrders.ShouldHaveSingleItem();
        algo.AlgoClOrdId.ShouldBe("stop2");
        algo.StopLossTriggerPrice.ShouldBe(49_000m);
        algo.ReduceOnly.ShouldBeTrue();
        result.Order!.OrderId.ShouldBe(algo.AlgoId);
        result.Order.Type.ShouldBe(OrderType.StopMarket);
        okx.PlacementsOf("stop2").ShouldBe(1);
    }

    [Fact]
    public async Task SendsThePlacementOnceMoreWithTheSameClientIdWhenOkxDoesNotHaveIt()
    {
        await using var okx = await OkxAdapterHarness.StartAsync(requestTimeout: TimeSpan.FromSeconds(1));
        okx.Server.Faults.Enqueue(PlacePath, FakeOkxFault.DropConnection);

        var result = await okx.Client.PlaceOrderAsync(new OrderRequest("drop3", Btc, OrderSide.Buy, OrderType.Market, 0.02m), Ct);

        result.IsSuccess.ShouldBeTrue(result.Message);
        okx.Server.Orders.ShouldHaveSingleItem().ClOrdId.ShouldBe("drop3");
        okx.PlacementsOf("drop3").ShouldBe(2);
        // The lookup by client id came between the dropped request and the second one.
        var requests = okx.Server.Requests.Select(r => r.Method + " " + r.Path).ToList();
        var first = requests.IndexOf("POST " + PlacePath);
        var lookup = requests.FindIndex(first + 1, r => r == "GET " + PlacePath);
        var second = requests.FindIndex(first + 1, r => r == "POST " + PlacePath);
        lookup.ShouldBeGreaterThan(first);
        second.ShouldBeGreaterThan(lookup);
        okx.Journal.Entries.Count(e => e.IsIntent).ShouldBe(1);
    }

    [Fact]
    public async Task RetriesAPlacementRefusedWith429AndPlacesItOnce()
    {
        await using var okx = await OkxAdapterHarness.StartAsync();
        okx.Server.Faults.Enqueue(PlacePath, FakeOkxFault.RateLimit429);

        var result = await okx.Client.PlaceOrderAsync(new OrderRequest("rl4", Btc, OrderSide.Buy, OrderType.Market, 0.02m), Ct);

        result.IsSuccess.ShouldBeTrue(result.Message);
        okx.Server.Requests.Count(r => r.Fault == FakeOkxFault.RateLimit429).ShouldBe(1);
        okx.PlacementsOf("rl4").ShouldBe(2);
        okx.Server.Orders.Count(o => o.ClOrdId == "rl4").ShouldBe(1);
    }

    [Fact]
    public async Task ReturnsTheExistingOrderWhenOkxAnswersThatTheClientIdExists()
    {
        await using var okx = await OkxAdapterHarness.StartAsync();
        var request = new OrderRequest("dup5", Btc, OrderSide.Buy, OrderType.Limit, 0.01m, Price: 48_000m);
        var stopRequest = new OrderRequest("dupstop5", Btc, OrderSide.Buy, OrderType.StopMarket, 0.01m, TriggerPrice: 52_000m, ReduceOnly: true);
        (await okx.Client.PlaceOrderAsync(new OrderRequest("short5", Btc, OrderSide.Sell, OrderType.Market, 0.01m), Ct)).IsSuccess.ShouldBeTrue();

        var first = await okx.Client.PlaceOrderAsync(request, Ct);
        var second = await okx.Client.PlaceOrderAsync(request, Ct);
        var firstStop = await okx.Client.PlaceOrderAsync(stopRequest, Ct);
        var secondStop = await okx.Client.PlaceOrderAsync(stopRequest, Ct);

        second.IsSuccess.ShouldBeTrue(second.Message);
        second.Order!.OrderId.ShouldBe(first.Order!.OrderId);
        okx.Server.Orders.Count(o => o.ClOrdId == "dup5").ShouldBe(1);
        secondStop.IsSuccess.ShouldBeTrue(secondStop.Message);
        secondStop.Order!.OrderId.ShouldBe(firstStop.Order!.OrderId);
        okx.Server.AlgoOrders.Count(a => a.AlgoClOrdId == "dupstop5").ShouldBe(1);
        okx.PlacementsOf("dup5").ShouldBe(2);
    }

    [Fact]
    public async Task JournalsTheIntentBeforeTheRequestReachesOkx()
    {
        await using var okx = await OkxAdapterHarness.StartAsync();
        var seenAtIntent = new List<int>();
        var seenAtOutcome = new List<int>();
        okx.Journal.OnRecorded = entry => (entry.IsIntent ? seenAtIntent : seenAtOutcome).Add(okx.PlacementsOf(entry.ClientOrderId));

        (await okx.Client.PlaceOrderAsync(new OrderRequest("jrn6", Btc, OrderSide.Buy, OrderType.Market, 0.02m), Ct)).IsSuccess.ShouldBeTrue();
        (await okx.Client.PlaceOrderAsync(new OrderRequest("jrnstop6", Btc, OrderSide.Sell, OrderType.StopMarket, 0.02m, TriggerPrice: 49_000m, ReduceOnly: true), Ct)).IsSuccess.ShouldBeTrue();

        seenAtIntent.ShouldBe([0, 0]);
        seenAtOutcome.ShouldBe([1, 1]);
        var intent = okx.Journal.Entries[0];
        intent.Request!.ClientOrderId.ShouldBe("jrn6");
        intent.Request.Quantity.ShouldBe(0.02m);
    }

    [Fact]
    public async Task ConvertsCoinsToContractsRoundingDownToTheLotAndRefusesBelowTheMinimum()
    {
        await using var okx = await OkxAdapterHarness.StartAsync();

        var rounded = await okx.Client.PlaceOrderAsync(new OrderRequest("lot7", Btc, OrderSide.Buy, OrderType.Market, 0.056789m), Ct);
        var tooSmall = await okx.Client.PlaceOrderAsync(new OrderRequest("min7", Btc, OrderSide.Buy, OrderType.Market, 0.00009m), Ct);
        var badId = await okx.Client.PlaceOrderAsync(new OrderRequest("bad-id_7", Btc, OrderSide.Buy, OrderType.Market, 0.01m), Ct);
        var unknown = await okx.Client.PlaceOrderAsync(new OrderRequest("unk7", "DOGE-USDT-SWAP", OrderSide.Buy, OrderType.Market, 10m), Ct);

        rounded.IsSuccess.ShouldBeTrue(rounded.Message);
        okx.Server.Orders.Single(o => o.ClOrdId == "lot7").Size.ShouldBe(5.67m);
        rounded.Order!.Quantity.ShouldBe(0.0567m);
        rounded.Order.FilledQuantity.ShouldBe(0.0567m);
        (await okx.Client.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(0.0567m);
        tooSmall.Error.ShouldBe(ExchangeErrorCode.BelowMinimumSize);
        badId.Error.ShouldBe(ExchangeErrorCode.InvalidRequest);
        badId.Message!.ShouldContain("bad-id_7");
        unknown.Error.ShouldBe(ExchangeErrorCode.UnknownInstrument);
        okx.PlacementsOf("min7").ShouldBe(0);
        okx.PlacementsOf("bad-id_7").ShouldBe(0);
        okx.Journal.Entries.Where(e => e.IsIntent).Select(e => e.ClientOrderId).ShouldBe(["lot7"]);
    }

    [Fact]
    public async Task RoundsStopTriggersAwayFromTheMarketTheyProtectAndLimitPricesInTheTradersFavour()
    {
        await using var okx = await OkxAdapterHarness.StartAsync();
        (await okx.Client.PlaceOrderAsync(new OrderRequest("long8", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct)).IsSuccess.ShouldBeTrue();

        var longStop = (await okx.Client.PlaceOrderAsync(new OrderRequest("ls8", Btc, OrderSide.Sell, OrderType.StopMarket, 0.05m, TriggerPrice: 48_000.09m, ReduceOnly: true), Ct)).Order!;
        var shortStop = (await okx.Client.PlaceOrderAsync(new OrderRequest("ss8", Btc, OrderSide.Buy, OrderType.StopMarket, 0.01m, TriggerPrice: 52_000.01m, ReduceOnly: false), Ct)).Order!;
        var buyLimit = (await okx.Client.PlaceOrderAsync(new OrderRequest("bl8", Btc, OrderSide.Buy, OrderType.Limit, 0.01m, Price: 47_000.19m), Ct)).Order!;
        var amended = await okx.Client.AmendOrderAsync(Btc, longStop.OrderId, null, 48_500.55m, Ct);

        longStop.TriggerPrice.ShouldBe(48_000.0m);
        okx.Server.AlgoOrders.Single(a => a.AlgoClOrdId == "ss8").StopLossTriggerPrice.ShouldBe(52_000.1m);
        shortStop.TriggerPrice.ShouldBe(52_000.1m);
        shortStop.ReduceOnly.ShouldBeTrue();
        buyLimit.Price.ShouldBe(47_000.1m);
        amended.Order!.TriggerPrice.ShouldBe(48_500.5m);
        okx.Server.AlgoOrders.Single(a => a.AlgoClOrdId == "ls8").StopLossTriggerPrice.ShouldBe(48_500.5m);
    }

    [Fact]
    public async Task ARestartedAdapterCancelsAndAmendsOrdersItDidNotPlace()
    {
        await using var okx = await OkxAdapterHarness.StartAsync();
        (await okx.Client.PlaceOrderAsync(new OrderRequest("open9", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct)).IsSuccess.ShouldBeTrue();
        var stop = (await okx.Client.PlaceOrderAsync(new OrderRequest("stop9", Btc, OrderSide.Sell, OrderType.StopMarket, 0.05m, TriggerPrice: 48_000m, ReduceOnly: true), Ct)).Order!;
        var limit = (await okx.Client.PlaceOrderAsync(new OrderRequest("lim9", Btc, OrderSide.Buy, OrderType.Limit, 0.01m, Price: 47_000m), Ct)).Order!;
        using var restarted = await okx.RestartedAsync();

        var readStop = await restarted.GetOrderAsync(Btc, stop.OrderId, Ct);
        var byClientId = await restarted.GetOrderByClientIdAsync(Btc, "stop9", Ct);
        var amended = await restarted.AmendOrderAsync(Btc, stop.OrderId, null, 49_000m, Ct);
        var amendedLimit = await restarted.AmendOrderAsync(Btc, limit.OrderId, 47_500m, null, Ct);
        var cancelled = await restarted.CancelOrderAsync(Btc, stop.OrderId, Ct);

        readStop!.Type.ShouldBe(OrderType.StopMarket);
        readStop.TriggerPrice.ShouldBe(48_000m);
        byClientId!.OrderId.ShouldBe(stop.OrderId);
        amended.Order!.TriggerPrice.ShouldBe(49_000m);
        amendedLimit.Order!.Price.ShouldBe(47_500m);
        cancelled.IsSuccess.ShouldBeTrue(cancelled.Message);
        okx.Server.AlgoOrders.Single().State.ShouldBe("canceled");
        (await restarted.GetOpenOrdersAsync(Ct)).ShouldHaveSingleItem().OrderId.ShouldBe(limit.OrderId);
    }

    [Fact]
    public async Task AfterARestartFillsContinueTheSequenceAndAStopThatFiredWhileDownIsStillReported()
    {
        await using var okx = await OkxAdapterHarness.StartAsync();
        (await okx.Client.PlaceOrderAsync(new OrderRequest("open10", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct)).IsSuccess.ShouldBeTrue();
        var stop = (await okx.Client.PlaceOrderAsync(new OrderRequest("stop10", Btc, OrderSide.Sell, OrderType.StopMarket, 0.05m, TriggerPrice: 49_000m, ReduceOnly: true), Ct)).Order!;
        var before = await okx.Client.GetFillsAsync(0, Ct);
        var cursor = new OkxFillCursor(okx.Okx.LastFillSequence, [.. before.Select(f => f.FillId)]);

        okx.SetPrice(Btc, 48_800m);
        using var restarted = await okx.RestartedAsync(cursor);
        var after = await restarted.GetFillsAsync(cursor.LastSequence, Ct);

        before.ShouldHaveSingleItem().Sequence.ShouldBe(1);
        var fill = after.ShouldHaveSingleItem();
        fill.Sequence.ShouldBe(2);
        fill.OrderId.ShouldBe(stop.OrderId);
        fill.ClientOrderId.ShouldBe("stop10");
        fill.Price.ShouldBe(48_800m);
        (await restarted.GetFillsAsync(0, Ct)).ShouldHaveSingleItem().Sequence.ShouldBe(2);
    }

    [Fact]
    public async Task ThrowsInsteadOfReportingNoOpenOrdersWhenOkxDoesNotAnswer()
    {
        await using var okx = await OkxAdapterHarness.StartAsync(configure: o => o.MaxRetries = 0);
        okx.Server.Faults.Enqueue("/api/v5/trade/orders-pending", FakeOkxFault.Http500);

        await Should.ThrowAsync<OkxExchangeException>(async () => await okx.Client.GetOpenOrdersAsync(Ct));
    }

    [Fact]
    public async Task MeasuresRequestsPerSecondAndLatencyAgainstTheFake()
    {
        // Not an assertion of speed: a small loop whose numbers go into the test output (rate-limit window shrunk from 2 s to 50 ms).
        await using var okx = await OkxAdapterHarness.StartAsync(configure: o => o.RateLimitWindow = TimeSpan.FromMilliseconds(50));
        const int Rounds = 100;
        var latencies = new List<double>(Rounds * 3);
        var requestsBefore = okx.Server.Requests.Count;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < Rounds; i++)
        {
            var id = "perf" + i.ToString(CultureInfo.InvariantCulture);
            var call = Stopwatch.StartNew();
            var placed = await okx.Client.PlaceOrderAsync(new OrderRequest(id, Btc, OrderSide.Buy, OrderType.Limit, 0.01m, Price: 40_000m), Ct);
            latencies.Add(call.Elapsed.TotalMilliseconds);
            call.Restart();
            await okx.Client.GetOpenOrdersAsync(Ct);
            latencies.Add(call.Elapsed.TotalMilliseconds);
            call.Restart();
            (await okx.Client.CancelOrderAsync(Btc, placed.Order!.OrderId, Ct)).IsSuccess.ShouldBeTrue();
            latencies.Add(call.Elapsed.TotalMilliseconds);
        }
        total.Stop();
        var requests = okx.Server.Requests.Count - requestsBefore;
        latencies.Sort();
        var p50 = latencies[latencies.Count / 2];
        var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"OKX adapter vs fake: {requests} HTTP requests in {total.Elapsed.TotalSeconds:0.00} s = {requests / total.Elapsed.TotalSeconds:0} req/s; adapter call latency p50 {p50:0.0} ms, p99 {p99:0.0} ms (place = POST + GET, cancel = POST + GET, open orders = 2 GETs)"));
        okx.Server.Orders.Count.ShouldBe(Rounds);
        okx.Server.Orders.ShouldAllBe(o => o.State == "canceled");
    }
}
