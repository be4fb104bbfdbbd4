using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.FakeOkx;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Trading;

/// <summary>
/// The <c>expTime</c> deadline against the fake OKX: placements and amends carry it, and an unanswered request that OKX
/// executes late (held on the way after the client gave up) is waited out before the lookup that decides on a resend,
/// so one client id never becomes two orders.
/// </summary>
public sealed class OkxExchangeClientDeadlineTests
{
    private const string Btc = OkxAdapterHarness.Btc;
    private const string PlacePath = "/api/v5/trade/order";
    private const string AmendPath = "/api/v5/trade/amend-order";
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(50);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlacementsAndAmendsCarryADeadlineOneExpiryAheadOfTheServersClockAndAlgoOrdersNone()
    {
        var expiry = TimeSpan.FromSeconds(3);
        await using var okx = await OkxAdapterHarness.StartAsync(configure: o => o.OrderRequestExpiry = expiry);
        (await okx.Client.PlaceOrderAsync(new OrderRequest("exp1", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct)).IsSuccess.ShouldBeTrue();
        var limit = (await okx.Client.PlaceOrderAsync(new OrderRequest("exp2", Btc, OrderSide.Buy, OrderType.Limit, 0.01m, Price: 47_000m), Ct)).Order!;
        var stop = (await okx.Client.PlaceOrderAsync(new OrderRequest("exp3", Btc, OrderSide.Sell, OrderType.StopMarket, 0.05m, TriggerPrice: 48_000m, ReduceOnly: true), Ct)).Order!;

        (await okx.Client.AmendOrderAsync(Btc, limit.OrderId, 47_500m, null, Ct)).IsSuccess.ShouldBeTrue();
        (await okx.Client.AmendOrderAsync(Btc, stop.OrderId, null, 48_500m, Ct)).IsSuccess.ShouldBeTrue();

        var posts = okx.Server.Requests.Where(r => r.Method == "POST").ToList();
        var withDeadline = posts.Where(r => r.Path is PlacePath or AmendPath).ToList();
        withDeadline.Select(r => r.Path).ShouldBe([PlacePath, PlacePath, AmendPath]);
        withDeadline.ShouldAllBe(r => r.ExpTime != null);
        foreach (var request in withDeadline)
        {
            // Sent at the client's "now + expiry" (whole ms); received a moment later on the same clock.
            (request.ExpTime!.Value - request.ReceivedAt).ShouldBeInRange(expiry - TimeSpan.FromSeconds(1), expiry);
        }
        var algoPosts = posts.Where(r => r.Path is "/api/v5/trade/order-algo" or "/api/v5/trade/amend-algos").ToList();
        algoPosts.Count.ShouldBe(2);
        algoPosts.ShouldAllBe(r => r.ExpTime == null);
    }

    [Fact]
    public async Task APlacementExecutedLateBeforeItsDeadlineIsFoundAfterTheDeadlineAndNotSentAgain()
    {
        // The client gives up after 0.5 s and finds nothing; the held request is then executed, within its 2.5 s deadline.
        await using var okx = await OkxAdapterHarness.StartAsync(
            requestTimeout: TimeSpan.FromMilliseconds(500),
            configure: o => o.OrderRequestExpiry = TimeSpan.FromMilliseconds(2_500));
        okx.Server.Faults.Enqueue(PlacePath, FakeOkxFault.LateExecution);

        var placing = okx.Client.PlaceOrderAsync(new OrderRequest("late1", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct).AsTask();
        await Eventually.WaitUntilAsync(() => okx.Server.Requests.Any(r => r.Method == "GET" && r.Path == PlacePath && r.ClOrdId == "late1"),
            "the client looked the unanswered order up and did not find it", TimeSpan.FromSeconds(10));
        okx.Server.ReleaseHeld();
        var result = await placing;
        await Eventually.WaitUntilAsync(() => okx.Server.HeldRequests == 0, "the held original has been executed", TimeSpan.FromSeconds(5));

        result.IsSuccess.ShouldBeTrue(result.Message);
        var placed = okx.Server.Orders.Where(o => o.ClOrdId == "late1").ShouldHaveSingleItem("the late original and a resend would both have filled");
        result.Order!.OrderId.ShouldBe(placed.OrdId);
        result.Order.Status.ShouldBe(OrderStatus.Filled);
        okx.PlacementsOf("late1").ShouldBe(1);
        okx.Server.Fills.Count(f => f.OrdId == placed.OrdId).ShouldBe(1);
        okx.Server.GetPosition(Btc)!.Contracts.ShouldBe(5m);
        okx.Server.ExpiredRequests.ShouldBeEmpty();
        // The lookup that found it came after the deadline had passed on OKX's clock.
        var original = okx.Server.Requests.Single(r => r.Method == "POST" && r.ClOrdId == "late1");
        okx.Server.Requests.Last(r => r.Method == "GET" && r.Path == PlacePath).ReceivedAt
            .ShouldBeGreaterThanOrEqualTo(original.ExpTime!.Value + OkxExchangeClient.DeadlineMargin - Tolerance);
    }

    [Fact]
    public async Task AnExecutedPlacementWhoseAnswerWasLostIsFoundAtOnceWithoutWaitingForItsDeadline()
    {
        // Executed at once, its answer lost: the first lookup finds it, so nothing waits for the 5 s deadline.
        await using var okx = await OkxAdapterHarness.StartAsync(
            requestTimeout: TimeSpan.FromMilliseconds(500),
            configure: o => o.OrderRequestExpiry = TimeSpan.FromSeconds(5));
        okx.Server.Faults.Enqueue(PlacePath, FakeOkxFault.Timeout);

        var result = await okx.Client.PlaceOrderAsync(new OrderRequest("lost1", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct);

        result.IsSuccess.ShouldBeTrue(result.Message);
        okx.Server.Orders.Where(o => o.ClOrdId == "lost1").ShouldHaveSingleItem();
        var original = okx.Server.Requests.Single(r => r.Method == "POST" && r.ClOrdId == "lost1");
        var lookups = okx.Server.Requests.Where(r => r.Method == "GET" && r.Path == PlacePath && r.ClOrdId == "lost1").ToList();
        lookups.ShouldHaveSingleItem().ReceivedAt.ShouldBeLessThan(original.ExpTime!.Value, "found by the first lookup, before the deadline");
    }

    [Fact]
    public async Task APlacementHeldPastItsDeadlineIsRefusedByOkxAndSentOnceMoreAfterTheDeadline()
    {
        // The client gives up after 0.5 s; the request is held until the client has sent it again, past its 1 s deadline.
        await using var okx = await OkxAdapterHarness.StartAsync(
            requestTimeout: TimeSpan.FromMilliseconds(500),
            configure: o => o.OrderRequestExpiry = TimeSpan.FromSeconds(1));
        okx.Server.Faults.Enqueue(PlacePath, FakeOkxFault.LateExecution);

        var result = await okx.Client.PlaceOrderAsync(new OrderRequest("late2", Btc, OrderSide.Buy, OrderType.Market, 0.05m), Ct);
        okx.Server.HeldRequests.ShouldBe(1, "the original is still on its way");
        okx.Server.ReleaseHeld();
        await Eventually.WaitUntilAsync(() => okx.Server.HeldRequests == 0, "the held original has been refused", TimeSpan.FromSeconds(5));

        result.IsSuccess.ShouldBeTrue(result.Message);
        var placements = okx.Server.Requests.Where(r => r.Method == "POST" && r.ClOrdId == "late2").ToList();
        placements.Count.ShouldBe(2);
        var (original, resend) = (placements[0], placements[1]);
        okx.Server.ExpiredRequests.ShouldHaveSingleItem().ShouldBe(original, "executed after its deadline, it was refused with 50037");
        resend.ReceivedAt.ShouldBeGreaterThanOrEqualTo(original.ExpTime!.Value + OkxExchangeClient.DeadlineMargin - Tolerance, "resent only once the first could no longer run");
        resend.ExpTime.ShouldNotBe(original.ExpTime, "the resend carries its own deadline");
        var placed = okx.Server.Orders.Where(o => o.ClOrdId == "late2").ShouldHaveSingleItem();
        result.Order!.OrderId.ShouldBe(placed.OrdId);
        okx.Server.GetPosition(Btc)!.Contracts.ShouldBe(5m);
    }

    [Fact]
    public async Task AnAmendExecutedLateIsReadBackAfterItsDeadlineAndNotSentAgain()
    {
        await using var okx = await OkxAdapterHarness.StartAsync(
            requestTimeout: TimeSpan.FromMilliseconds(500),
            configure: o => o.OrderRequestExpiry = TimeSpan.FromMilliseconds(2_500));
        var limit = (await okx.Client.PlaceOrderAsync(new OrderRequest("late3", Btc, OrderSide.Buy, OrderType.Limit, 0.01m, Price: 47_000m), Ct)).Order!;
        okx.Server.Faults.Enqueue(AmendPath, FakeOkxFault.LateExecution);

        // The held amend is executed once the client has given up on it, within its 2.5 s deadline.
        var amending = okx.Client.AmendOrderAsync(Btc, limit.OrderId, 47_500m, null, Ct).AsTask();
        await Eventually.WaitUntilAsync(() => okx.Server.AbandonedHeldRequests == 1, "the client gave up on the amend", TimeSpan.FromSeconds(10));
        okx.Server.ReleaseHeld();
        var amended = await amending;
        await Eventually.WaitUntilAsync(() => okx.Server.HeldRequests == 0, "the held amend has been executed", TimeSpan.FromSeconds(5));

        amended.IsSuccess.ShouldBeTrue(amended.Message);
        amended.Order!.Price.ShouldBe(47_500m);
        okx.Server.Requests.Count(r => r.Method == "POST" && r.Path == AmendPath).ShouldBe(1, "the read back waited for the late amend instead of sending another");
        okx.Server.Orders.Single(o => o.ClOrdId == "late3").Price.ShouldBe(47_500m);
    }
}
