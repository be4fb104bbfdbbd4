using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>Protective orders that follow an entry: the stop attached to an entry, resizing, and the account's records.</summary>
public sealed partial class PaperExchangeClient
{
    /// <summary>
    /// Creates the stop an entry carried, for the quantity filled, the moment the entry first fills (as OKX does with
    /// <c>attachAlgoOrds</c>). A stop already through the market fills at once like any other stop placed there.
    /// </summary>
    private void PlaceAttachedStop(PaperOrder entry)
    {
        if (entry.AttachedStop is not { } stop || entry.AttachedStopPlaced || entry.FilledQuantity <= 0)
        {
            return;
        }
        entry.AttachedStopPlaced = true;
        var request = new OrderRequest(
            stop.ClientOrderId,
            entry.InstrumentId,
            entry.Side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy,
            OrderType.StopMarket,
            entry.FilledQuantity,
            TriggerPrice: stop.TriggerPrice,
            ReduceOnly: true,
            Tag: entry.Tag is null ? null : "sl-of-" + entry.Tag);
        var result = Place(request);
        if (!result.IsSuccess)
        {
            entry.RejectReason = "The attached stop could not be placed: " + result.Message;
        }
    }

    /// <summary>
    /// True when a resting entry carries a stop with this client id that is not created yet: the id is taken, or the
    /// entry's fill would find it used and leave the position without its stop.
    /// </summary>
    private bool IsPromisedToAnAttachedStop(string clientOrderId) =>
        _openOrders.Any(o => !o.AttachedStopPlaced && o.AttachedStop is { } stop && string.Equals(stop.ClientOrderId, clientOrderId, StringComparison.Ordinal));

    private OrderResult Resize(string instrumentId, string orderId, decimal newQuantity)
    {
        var order = FindOpenOrder(instrumentId, orderId);
        if (order is null)
        {
            return OrderResult.Fail(ExchangeErrorCode.OrderNotFound, $"No open order {orderId} on {instrumentId}.");
        }
        if (order.Type is not (OrderType.StopMarket or OrderType.TakeProfitMarket))
        {
            return Invalid($"Resize of {orderId}: only a stop or take-profit order can be resized.");
        }
        var instrument = _instrumentLookup(instrumentId)!;
        if (newQuantity <= order.FilledQuantity || newQuantity % instrument.QuantityStep != 0)
        {
            return Invalid($"Resize of {orderId}: the new quantity {Format(newQuantity)} must be above the filled {Format(order.FilledQuantity)} and a multiple of {Format(instrument.QuantityStep)}.");
        }
        order.Quantity = newQuantity;
        order.UpdatedAt = _timeProvider.GetUtcNow();
        return OrderResult.Ok(order.ToOrder());
    }

    internal sealed class PaperPosition
    {
        public required string InstrumentId { get; init; }
        public decimal Quantity { get; set; }
        public decimal AverageEntryPrice { get; set; }
        public decimal RealizedPnl { get; set; }
    }

    private sealed class PaperOrder
    {
        // What ToOrder last answered: an order's snapshot is asked for on every management pass and changes only when a
        // field it shows is set.
        private Order? _snapshot;

        public required string OrderId { get; init; }
        public required string ClientOrderId { get; init; }
        public required string InstrumentId { get; init; }
        public required OrderSide Side { get; init; }
        public required OrderType Type { get; init; }
        public required decimal Quantity { get; set { field = value; _snapshot = null; } }
        public decimal? Price { get; set { field = value; _snapshot = null; } }
        public decimal? TriggerPrice { get; set { field = value; _snapshot = null; } }
        public required bool ReduceOnly { get; init; }
        public required OrderStatus Status { get; set { field = value; _snapshot = null; } }
        public decimal FilledQuantity { get; set { field = value; _snapshot = null; } }
        public decimal AverageFillPrice { get; set { field = value; _snapshot = null; } }
        public decimal Fee { get; set { field = value; _snapshot = null; } }
        public required DateTimeOffset CreatedAt { get; init; }
        public required DateTimeOffset UpdatedAt { get; set { field = value; _snapshot = null; } }
        public string? Tag { get; init; }
        public AttachedStop? AttachedStop { get; init; }
        public bool AttachedStopPlaced { get; set; }
        public string? RejectReason { get; set { field = value; _snapshot = null; } }

        public bool IsOpen => Status is OrderStatus.New or OrderStatus.PartiallyFilled;

        public decimal Remaining => Quantity - FilledQuantity;

        public Order ToOrder() => _snapshot ??= new(
            OrderId,
            ClientOrderId,
            InstrumentId,
            Side,
            Type,
            Quantity,
            Price,
            TriggerPrice,
            ReduceOnly,
            Status,
            FilledQuantity,
            AverageFillPrice,
            Fee,
            CreatedAt,
            UpdatedAt,
            Tag,
            RejectReason);
    }
}
