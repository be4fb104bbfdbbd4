using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Tests.Domain.Trading;

public class OrderRequestTests
{
    private const string Instrument = "SOL-USDT-SWAP";

    private static OrderRequest Order(OrderType type, decimal? price = null, decimal? trigger = null) =>
        new("en1", Instrument, OrderSide.Buy, type, 1m, Price: price, TriggerPrice: trigger);

    [Fact]
    public void AnImmediateOrCancelLimitIsWellFormed()
    {
        (Order(OrderType.Limit, price: 100m) with { TimeInForce = TimeInForce.ImmediateOrCancel }).ShapeProblem().ShouldBeNull();
    }

    [Theory]
    [InlineData(OrderType.Market)]
    [InlineData(OrderType.StopMarket)]
    [InlineData(OrderType.TakeProfitMarket)]
    public void ImmediateOrCancelIsOnlyForLimitOrders(OrderType type)
    {
        var request = Order(type, trigger: type == OrderType.Market ? null : 95m) with { TimeInForce = TimeInForce.ImmediateOrCancel };

        request.ShapeProblem().ShouldBe("Order en1: TimeInForce ImmediateOrCancel is only for limit orders.");
    }

    [Fact]
    public void RejectsATimeInForceThisBuildDoesNotKnow()
    {
        var request = Order(OrderType.Limit, price: 100m) with { TimeInForce = (TimeInForce)7 };

        request.ShapeProblem().ShouldBe("Order en1: TimeInForce 7 is only for limit orders.");
    }

    [Theory]
    [InlineData(OrderType.Market, TimeInForce.GoodTillCancel)]
    [InlineData(OrderType.Limit, TimeInForce.GoodTillCancel)]
    [InlineData(OrderType.Limit, TimeInForce.ImmediateOrCancel)]
    public void AnOpeningMarketOrLimitOrderMayCarryAStop(OrderType type, TimeInForce timeInForce)
    {
        var request = Order(type, price: type == OrderType.Limit ? 100m : null) with { TimeInForce = timeInForce, AttachedStop = new AttachedStop("sl1", 95m) };

        request.ShapeProblem().ShouldBeNull();
    }

    [Theory]
    [InlineData(OrderType.StopMarket)]
    [InlineData(OrderType.TakeProfitMarket)]
    public void OnlyMarketAndLimitOrdersCarryAStop(OrderType type)
    {
        var request = Order(type, trigger: 105m) with { AttachedStop = new AttachedStop("sl1", 95m) };

        request.ShapeProblem().ShouldBe("Order en1: only an opening market or limit order can carry an attached stop.");
    }

    [Fact]
    public void AReduceOnlyOrderCannotCarryAStop()
    {
        var request = Order(OrderType.Market) with { ReduceOnly = true, AttachedStop = new AttachedStop("sl1", 95m) };

        request.ShapeProblem().ShouldBe("Order en1: only an opening market or limit order can carry an attached stop.");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void TheAttachedStopNeedsAPositiveTrigger(decimal trigger)
    {
        var request = Order(OrderType.Limit, price: 100m) with { AttachedStop = new AttachedStop("sl1", trigger) };

        request.ShapeProblem().ShouldBe("Order en1: the attached stop needs a positive TriggerPrice.");
    }

    [Fact]
    public void TheAttachedStopNeedsItsOwnClientOrderId()
    {
        var request = Order(OrderType.Limit, price: 100m) with { AttachedStop = new AttachedStop("en1", 95m) };

        request.ShapeProblem().ShouldBe("Order en1: the attached stop needs its own client order id.");
    }

    [Fact]
    public void AQuantityProblemIsReportedBeforeTheProtectionRules()
    {
        var request = Order(OrderType.Market) with { Quantity = 0m, TimeInForce = TimeInForce.ImmediateOrCancel, AttachedStop = new AttachedStop("en1", 0m) };

        request.ShapeProblem().ShouldBe("Order en1: Quantity must be positive (was 0).");
    }
}
