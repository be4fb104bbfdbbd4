using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>Placing, validating and amending orders.</summary>
public sealed partial class PaperExchangeClient
{
    private OrderResult Place(OrderRequest request)
    {
        var invalid = Validate(request, out var instrument);
        if (invalid is not null)
        {
            return invalid;
        }
        var quantity = request.Quantity;
        // A limit lies on the tick grid, rounded in the trader's favour as the OKX adapter sends it (buys down, sells up).
        var limit = request.Type == OrderType.Limit ? RoundLimit(instrument, request.Side, request.Price!.Value) : (decimal?)null;
        if (limit <= 0)
        {
            return Invalid($"Order {request.ClientOrderId}: the limit {Format(request.Price!.Value)} is below one tick ({Format(instrument.TickSize)}) of {instrument.Id}.");
        }
        var hasLast = TryGetLastPrice(instrument.Id, out var last);
        if (request.Type == OrderType.Market && !hasLast)
        {
            return OrderResult.Fail(ExchangeErrorCode.NoMarketPrice, $"No market price for {instrument.Id} yet; market order {request.ClientOrderId} rejected.");
        }

        var fillable = 0m;
        var immediate = hasLast ? ImmediateFill(instrument.Id, request.Type, request.Side, limit, request.TriggerPrice, last, quantity, out fillable) : null;
        var fillsNow = immediate is not null && fillable > 0;
        // Resting orders (and a marketable limit with nothing within its limit) are checked at their own price as if they
        // filled now; the margin is checked for the whole order, as OKX does.
        var checkPrice = fillsNow ? immediate!.Value.Price : limit ?? request.TriggerPrice!.Value;
        var feeBps = !fillsNow && request.Type == OrderType.Limit ? _options.MakerFeeBps : _options.TakerFeeBps;
        var refusal = CheckExecutable(instrument.Id, request.Side, request.ReduceOnly, ref quantity, checkPrice, feeBps);
        if (refusal is not null)
        {
            return refusal;
        }
        if (immediate is not null && quantity != request.Quantity)
        {
            // Trimmed (reduce-only): a smaller order walks less of the book.
            immediate = ImmediateFill(instrument.Id, request.Type, request.Side, limit, request.TriggerPrice, last, quantity, out fillable);
            fillsNow = immediate is not null && fillable > 0;
        }

        var now = _timeProvider.GetUtcNow();
        _orderCounter++;
        var order = new PaperOrder
        {
            OrderId = "P" + _orderCounter.ToString(CultureInfo.InvariantCulture),
            ClientOrderId = request.ClientOrderId,
            InstrumentId = instrument.Id,
            Side = request.Side,
            Type = request.Type,
            Quantity = quantity,
            Price = limit,
            TriggerPrice = request.Type is OrderType.StopMarket or OrderType.TakeProfitMarket ? request.TriggerPrice : null,
            ReduceOnly = request.ReduceOnly,
            Status = OrderStatus.New,
            CreatedAt = now,
            UpdatedAt = now,
            Tag = request.Tag,
            AttachedStop = request.AttachedStop,
        };
        _ordersById.Add(order.OrderId, order);
        _ordersByClientId.Add(order.ClientOrderId, order);
        AddOpen(order);
        if (immediate is not null && request.TimeInForce == TimeInForce.PostOnly)
        {
            Close(order, OrderStatus.Cancelled, "Post-only: the limit would take liquidity; cancelled unfilled.");
        }
        else if (fillsNow)
        {
            // A marketable limit takes what the book gives within its limit; its rest is cancelled (IOC) or rests (GTC).
            ExecuteFill(order, fillable, immediate!.Value, isMaker: false, now, unfilled: quantity - fillable);
            if (order.IsOpen && request.TimeInForce == TimeInForce.ImmediateOrCancel)
            {
                Close(order, OrderStatus.Cancelled,
                    $"Immediate-or-cancel: {Format(order.FilledQuantity)} of {Format(order.Quantity)} filled within the limit; the rest cancelled.");
            }
        }
        else if (request.TimeInForce == TimeInForce.ImmediateOrCancel)
        {
            Close(order, OrderStatus.Cancelled, immediate is null
                ? "Immediate-or-cancel: the market is beyond the limit price; nothing filled."
                : "Immediate-or-cancel: the book has nothing within the limit price beyond the touch's slippage; nothing filled.");
        }
        return OrderResult.Ok(order.ToOrder());
    }

    private OrderResult? Validate(OrderRequest request, out Instrument instrument)
    {
        instrument = null!;
        if (string.IsNullOrWhiteSpace(request.ClientOrderId))
        {
            return Invalid("ClientOrderId is required.");
        }
        if (_ordersByClientId.ContainsKey(request.ClientOrderId))
        {
            return Invalid($"ClientOrderId {request.ClientOrderId} is already used by another order.");
        }
        if (IsPromisedToAnAttachedStop(request.ClientOrderId))
        {
            return Invalid($"ClientOrderId {request.ClientOrderId} is already promised to the stop attached to a resting entry.");
        }
        if (request.AttachedStop is { } attached
            && (_ordersByClientId.ContainsKey(attached.ClientOrderId) || IsPromisedToAnAttachedStop(attached.ClientOrderId)))
        {
            return Invalid($"ClientOrderId {attached.ClientOrderId} of the attached stop is already used by another order.");
        }
        var found = string.IsNullOrWhiteSpace(request.InstrumentId) ? null : _instrumentLookup(request.InstrumentId);
        if (found is null)
        {
            return OrderResult.Fail(ExchangeErrorCode.UnknownInstrument, $"Unknown instrument '{request.InstrumentId}' in order {request.ClientOrderId}.");
        }
        instrument = found;
        if (request.ShapeProblem() is { } shape)
        {
            return Invalid(shape);
        }
        if (request.Quantity % instrument.QuantityStep != 0)
        {
            return Invalid($"Order {request.ClientOrderId}: Quantity {Format(request.Quantity)} is not a multiple of the quantity step {Format(instrument.QuantityStep)} of {instrument.Id}.");
        }
        // Closing what is left of a position is allowed below the minimum size (exchanges accept reduce-only
        // remainders); only orders that open or add must meet it.
        if (request.Quantity < instrument.MinQuantity && !request.ReduceOnly)
        {
            return OrderResult.Fail(
                ExchangeErrorCode.BelowMinimumSize,
                $"Order {request.ClientOrderId}: Quantity {Format(request.Quantity)} is below the minimum {Format(instrument.MinQuantity)} of {instrument.Id}.");
        }
        return request.PriceProblem() is { } problem ? Invalid(problem) : null;
    }

    private OrderResult Amend(string instrumentId, string orderId, decimal? newPrice, decimal? newTriggerPrice)
    {
        var order = FindOpenOrder(instrumentId, orderId);
        if (order is null)
        {
            return OrderResult.Fail(ExchangeErrorCode.OrderNotFound, $"No open order {orderId} on {instrumentId}.");
        }
        if (newPrice is null && newTriggerPrice is null)
        {
            return Invalid($"Amend of {orderId}: give a new price or a new trigger price.");
        }
        if (newPrice is not null && (order.Type != OrderType.Limit || newPrice <= 0))
        {
            return Invalid($"Amend of {orderId}: the price can only be changed on a limit order, to a positive value.");
        }
        if (newTriggerPrice is not null && (order.Type is not (OrderType.StopMarket or OrderType.TakeProfitMarket) || newTriggerPrice <= 0))
        {
            return Invalid($"Amend of {orderId}: the trigger price can only be changed on a stop or take-profit order, to a positive value.");
        }

        var instrument = MarketOf(instrumentId).Instrument;
        var price = newPrice is { } p ? RoundLimit(instrument, order.Side, p) : order.Price;
        if (price <= 0)
        {
            return Invalid($"Amend of {orderId}: the price {Format(newPrice!.Value)} is below one tick ({Format(instrument.TickSize)}).");
        }
        var trigger = newTriggerPrice ?? order.TriggerPrice;
        if (TryGetLastPrice(instrumentId, out var last)
            && ImmediateFill(instrumentId, order.Type, order.Side, price, trigger, last, order.Remaining, out var fillable) is { } pricing
            && fillable > 0)
        {
            var quantity = order.Remaining;
            var refusal = CheckExecutable(instrumentId, order.Side, order.ReduceOnly, ref quantity, pricing.Price, _options.TakerFeeBps);
            if (refusal is not null)
            {
                return refusal;
            }
            if (quantity != order.Remaining && ImmediateFill(instrumentId, order.Type, order.Side, price, trigger, last, quantity, out var trimmedFillable) is { } trimmed)
            {
                (pricing, fillable) = (trimmed, trimmedFillable);
            }
            order.Price = price;
            order.TriggerPrice = trigger;
            // A limit moved into the book takes what it gives within the new limit; the rest keeps resting.
            ExecuteFill(order, fillable, pricing, isMaker: false, _timeProvider.GetUtcNow(), unfilled: quantity - fillable);
            return OrderResult.Ok(order.ToOrder());
        }
        order.Price = price;
        order.TriggerPrice = trigger;
        order.UpdatedAt = _timeProvider.GetUtcNow();
        return OrderResult.Ok(order.ToOrder());
    }

    /// <summary>Limit prices round in the trader's favour to the tick, as the OKX adapter sends them: buys down, sells up.</summary>
    private static decimal RoundLimit(Instrument instrument, OrderSide side, decimal price) =>
        side == OrderSide.Buy ? instrument.RoundPriceDown(price) : instrument.RoundPriceUp(price);
}
