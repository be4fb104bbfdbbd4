using System.Globalization;
using System.Net;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Rest;

/// <summary>
/// The <c>expTime</c> deadline of order placements and amends: set on the server's clock, only where OKX honours it,
/// fresh on every resend, handed to the caller with an unanswered request, and OKX's refusals of a late request
/// (50036, 50037) read as "not executed".
/// </summary>
public sealed class OkxRestClientExpTimeTests
{
    private const string PlacePath = "/api/v5/trade/order";
    private const string Placed = """[{"ordId":"312269865356374016","clOrdId":"exp1","tag":"","ts":"1700000000000","sCode":"0","sMsg":""}]""";
    private static readonly DateTimeOffset Start = new(2026, 2, 3, 4, 5, 6, 789, TimeSpan.Zero);
    private static readonly TimeSpan Expiry = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task PlacementsAndAmendsCarryADeadlineOnTheServersClockWhileAlgoOrdersAndReadsCarryNone()
    {
        var serverAhead = TimeSpan.FromSeconds(45);
        var handler = new ScriptedHttpHandler(request => request.Path == "/api/v5/public/time"
            ? ScriptedHttpHandler.Ok($$"""[{"ts":"{{(Start + serverAhead).ToUnixTimeMilliseconds()}}"}]""")
            : ScriptedHttpHandler.Ok(Placed));
        using var client = Client(handler, new FakeTimeProvider(Start));
        (await client.SyncClockAsync(CancellationToken.None)).Value.ShouldBe(serverAhead);

        await client.PlaceOrderAsync(MarketBuy("exp1"), CancellationToken.None);
        await client.AmendOrderAsync(new OkxAmendOrderRequest { InstrumentId = "BTC-USDT-SWAP", OrderId = "312269865356374016", NewPrice = 50_000m }, CancellationToken.None);
        await client.PlaceAlgoOrderAsync(Stop("stop1"), CancellationToken.None);
        await client.AmendAlgoOrderAsync(new OkxAmendAlgoRequest { InstrumentId = "BTC-USDT-SWAP", AlgoId = "1", NewStopLossTriggerPrice = 48_000m }, CancellationToken.None);
        await client.GetOrderAsync("BTC-USDT-SWAP", null, "exp1", CancellationToken.None);

        var deadline = Ms(Start + serverAhead + Expiry);
        var byRoute = handler.Requests.ToDictionary(r => r.Method + " " + r.Path, r => r.Header("expTime"));
        byRoute["POST /api/v5/trade/order"].ShouldBe(deadline);
        byRoute["POST /api/v5/trade/amend-order"].ShouldBe(deadline);
        byRoute["POST /api/v5/trade/order-algo"].ShouldBeNull();
        byRoute["POST /api/v5/trade/amend-algos"].ShouldBeNull();
        byRoute["GET /api/v5/trade/order"].ShouldBeNull();
        byRoute["GET /api/v5/public/time"].ShouldBeNull();
    }

    [Fact]
    public async Task EveryResendOfARateLimitedPlacementGetsAFreshDeadline()
    {
        var time = new FakeTimeProvider(Start);
        var posts = 0;
        var handler = new ScriptedHttpHandler(_ =>
        {
            // Each request takes a second on the clock.
            time.Advance(TimeSpan.FromSeconds(1));
            return Interlocked.Increment(ref posts) < 3
                ? ScriptedHttpHandler.Json(HttpStatusCode.TooManyRequests, """{"msg":"Too Many Requests","code":"50011"}""")
                : ScriptedHttpHandler.Ok(Placed);
        });
        using var client = Client(handler, time);

        (await client.PlaceOrderAsync(MarketBuy("exp1"), CancellationToken.None)).IsSuccess.ShouldBeTrue();

        handler.Requests.Select(r => r.Header("expTime")).ShouldBe(
        [
            Ms(Start + Expiry),
            Ms(Start + TimeSpan.FromSeconds(1) + Expiry),
            Ms(Start + TimeSpan.FromSeconds(2) + Expiry),
        ]);
    }

    [Fact]
    public async Task AnUnansweredPlacementHandsItsDeadlineToTheCaller()
    {
        var calls = 0;
        var handler = new ScriptedHttpHandler(_ => Interlocked.Increment(ref calls) == 1
            ? ScriptedHttpHandler.Json(HttpStatusCode.InternalServerError, """{"code":"50026","msg":"System error","data":[]}""")
            : throw new HttpRequestException("connection reset"));
        using var client = Client(handler, new FakeTimeProvider(Start));

        var busy = await client.PlaceOrderAsync(MarketBuy("exp1"), CancellationToken.None);
        var dropped = await client.PlaceOrderAsync(MarketBuy("exp1"), CancellationToken.None);
        var read = await client.GetOrderAsync("BTC-USDT-SWAP", null, "exp1", CancellationToken.None);

        busy.Error!.Kind.ShouldBe(OkxErrorKind.OutcomeUnknown);
        busy.Error.ExpiresAt.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds((Start + Expiry).ToUnixTimeMilliseconds()));
        Ms(busy.Error.ExpiresAt!.Value).ShouldBe(handler.Requests.First().Header("expTime"));
        dropped.Error!.Kind.ShouldBe(OkxErrorKind.OutcomeUnknown);
        dropped.Error.ExpiresAt.ShouldBe(busy.Error.ExpiresAt);
        read.Error!.ExpiresAt.ShouldBeNull();
    }

    [Fact]
    public async Task AnExpiredPlacementIsReportedAsNotExecutedAndLeftToTheCaller()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Json(HttpStatusCode.OK, """{"code":"50037","msg":"Order expired.","data":[]}"""));
        using var client = Client(handler, new FakeTimeProvider(Start));

        var placed = await client.PlaceOrderAsync(MarketBuy("exp1"), CancellationToken.None);

        placed.Error!.Kind.ShouldBe(OkxErrorKind.Expired);
        placed.Error.ExchangeErrorCode.ShouldBe(ExchangeErrorCode.ExchangeBusy);
        placed.Error.IsTransient.ShouldBeTrue();
        handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ADeadlinePastOnArrivalResyncsTheClockAndResendsOnceWithANewDeadline()
    {
        var serverAhead = TimeSpan.FromSeconds(20);
        var posts = 0;
        var handler = new ScriptedHttpHandler(request =>
        {
            if (request.Path == "/api/v5/public/time")
            {
                return ScriptedHttpHandler.Ok($$"""[{"ts":"{{(Start + serverAhead).ToUnixTimeMilliseconds()}}"}]""");
            }
            return Interlocked.Increment(ref posts) == 1
                ? ScriptedHttpHandler.Json(HttpStatusCode.OK, """{"code":"50036","msg":"The expTime can't be earlier than the current system time. Please adjust the expTime and try again.","data":[]}""")
                : ScriptedHttpHandler.Ok(Placed);
        });
        using var client = Client(handler, new FakeTimeProvider(Start));

        var placed = await client.PlaceOrderAsync(MarketBuy("exp1"), CancellationToken.None);

        placed.IsSuccess.ShouldBeTrue(placed.ToString());
        handler.Requests.Select(r => r.Method + " " + r.Path).ShouldBe(["POST " + PlacePath, "GET /api/v5/public/time", "POST " + PlacePath]);
        handler.Requests.Last().Header("expTime").ShouldBe(Ms(Start + serverAhead + Expiry));
    }

    private static OkxRestClient Client(ScriptedHttpHandler handler, TimeProvider time)
    {
        var options = new OkxOptions
        {
            RestBaseUrl = new Uri("https://okx.test"),
            RetryBaseDelay = TimeSpan.Zero,
            MaxRetries = 3,
            OrderRequestExpiry = Expiry,
        };
        return new OkxRestClient(new HttpClient(handler), options, time, NullLogger<OkxRestClient>.Instance,
            new OkxCredentials("exp-api-key", "exp-secret", "exp-passphrase", isDemo: true));
    }

    private static string Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static OkxPlaceOrderRequest MarketBuy(string clientOrderId) => new()
    {
        InstrumentId = "BTC-USDT-SWAP",
        TradeMode = "cross",
        Side = "buy",
        OrderType = "market",
        Size = 1m,
        ClientOrderId = clientOrderId,
    };

    private static OkxAlgoOrderRequest Stop(string clientOrderId) => new()
    {
        InstrumentId = "BTC-USDT-SWAP",
        TradeMode = "cross",
        Side = "sell",
        OrderType = "conditional",
        Size = 1m,
        ReduceOnly = true,
        AlgoClientOrderId = clientOrderId,
        StopLossTriggerPrice = 48_000m,
        StopLossOrderPrice = OkxAlgoOrderRequest.MarketPrice,
    };
}
