using System.Collections.Concurrent;
using System.Text.Json;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines.Push;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Infrastructure.Persistence.Events;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Api;
using BreakoutBot.Web.Hubs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// Decimals reach scripts with at most 12 decimal places, rounded half away from zero, without trailing zeros, in the
/// HTTP API's answers and in the live-push messages alike: an average price such as 10552.798766100000000000000007
/// (a weighted average computed in decimal) is written 10552.7987661, as the README's HTTP API section says.
/// </summary>
public sealed class ApiDecimalOutputTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private const decimal LongAverage = 10552.798766100000000000000007m;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOrdersAveragePriceFromTheHistoryRouteHasAtMostTwelveDecimalPlaces()
    {
        var engine = portal.NewEngine(portal.OwnerId);
        await using (var db = await portal.Factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContextAsync(Ct))
        {
            db.Add(new OrderEntity
            {
                EngineId = engine,
                OrderId = "avg1",
                ClientOrderId = "avg1",
                InstrumentId = "BTC-USDT-SWAP",
                Side = OrderSide.Buy,
                Type = OrderType.Limit,
                Quantity = 3.000m,
                Price = 0.0000000000005m,
                FilledQuantity = 3.0m,
                AverageFillPrice = LongAverage,
                Fee = -0.0000000000005m,
                Status = OrderStatus.Filled,
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(Ct);
        }

        var body = await portal.Client(Caller.OwnerRead).GetStringAsync($"/api/v1/history/orders?engine={engine}", Ct);

        body.ShouldContain("\"averageFillPrice\":10552.7987661,");
        body.ShouldContain("\"quantity\":3,");
        body.ShouldContain("\"filledQuantity\":3,");
        body.ShouldContain("\"price\":0.000000000001,", customMessage: "half away from zero at the 12th place");
        body.ShouldContain("\"fee\":-0.000000000001,");
    }

    [Fact]
    public async Task AFillsPriceInTheLivePushHasAtMostTwelveDecimalPlaces()
    {
        var engine = portal.NewEngine(portal.OwnerId);
        await using var connection = HubClients.WithToken(portal.Factory, portal.Tokens[Caller.OwnerRead]!);
        var received = new ConcurrentQueue<JsonElement>();
        connection.On<JsonElement>(EngineHub.MessageMethod, m => received.Enqueue(m));
        await connection.StartAsync(Ct);
        await connection.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine, Ct);
        await Eventually.WaitUntilAsync(() => received.Any(m => Type(m) == EnginePushTypes.EngineUpdate), "the engine's current status");

        var fill = new Fill(1, "f1", "o1", "c1", "BTC-USDT-SWAP", OrderSide.Buy, 2.50m, LongAverage, 0.000000000000499m, false, DateTimeOffset.UtcNow);
        portal.Factory.Services.GetRequiredService<EngineEventBroadcaster>().Publish(new FillRecordedEvent(engine, DateTimeOffset.UtcNow, fill));

        await Eventually.WaitUntilAsync(() => received.Any(m => Type(m) == EnginePushTypes.Fill), "the FILL message");
        var data = received.First(m => Type(m) == EnginePushTypes.Fill).GetProperty("data");
        data.GetProperty("price").GetRawText().ShouldBe("10552.7987661");
        data.GetProperty("quantity").GetRawText().ShouldBe("2.5");
        data.GetProperty("fee").GetRawText().ShouldBe("0");
    }

    [Theory]
    [InlineData("10552.798766100000000000000007", "10552.7987661")]
    [InlineData("0.0000000000005", "0.000000000001")]
    [InlineData("-0.0000000000005", "-0.000000000001")]
    [InlineData("-0.0000000000004", "0")]
    [InlineData("1.0000000000005", "1.000000000001")]
    [InlineData("100", "100")]
    [InlineData("100.000", "100")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void TheRuleIsTwelvePlacesHalfAwayFromZeroWithoutTrailingZeros(string value, string written) =>
        BreakoutBot.Infrastructure.Formatting.DecimalOutput.Format(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(written);

    private static string? Type(JsonElement message) => message.GetProperty("type").GetString();
}
