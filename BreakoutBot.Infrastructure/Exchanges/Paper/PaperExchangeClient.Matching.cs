using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>Matching: immediate fills, trigger checks, resting orders evaluated on each bar, executability and fill booking.</summary>
public sealed partial class PaperExchangeClient
{
    /// <summary>
    /// How an order of <paramref name="quantity"/> takes liquidity right now against <paramref name="last"/> (price, half
    /// spread and slippage of the <paramref name="fillable"/> quantity that fills), or null if it would rest. Market
    /// orders and triggered stops and take-profits fill all of it. A limit is marketable when it reaches the touch (last ±
    /// half spread) and then fills only what the book gives within its limit (ADR-007): <paramref name="fillable"/> may be
    /// less than <paramref name="quantity"/>, or 0.
    /// </summary>
    private PaperFillPricing? ImmediateFill(string instrumentId, OrderType type, OrderSide side, decimal? price, decimal? trigger, decimal last, decimal quantity, out decimal fillable)
    {
        fillable = quantity;
        switch (type)
        {
            case OrderType.Market:
                return TakerPricing(instrumentId, side, last, quantity);
            case OrderType.Limit:
                return _costModel.MarketableLimit(MarketOf(instrumentId).Instrument, side, price!.Value, last, quantity, BookOf(instrumentId), out fillable);
            default:
                return TryTrigger(instrumentId, type, side, trigger!.Value, last, last, last, quantity, out var fill) ? fill : null;
        }
    }

    /// <summary>
    /// Whether a stop or take-profit triggers inside a bar, and how it fills (a taker from the reference: stops from
    /// the trigger or a worse open (gap); take-profits from the trigger).
    /// </summary>
    private bool TryTrigger(string instrumentId, OrderType type, OrderSide side, decimal trigger, decimal open, decimal high, decimal low, decimal quantity, out PaperFillPricing pricing)
    {
        decimal? reference = type switch
        {
            OrderType.StopMarket when side == OrderSide.Buy && high >= trigger => Math.Max(open, trigger),
            OrderType.StopMarket when side == OrderSide.Sell && low <= trigger => Math.Min(open, trigger),
            OrderType.TakeProfitMarket when side == OrderSide.Sell && high >= trigger => trigger,
            OrderType.TakeProfitMarket when side == OrderSide.Buy && low <= trigger => trigger,
            _ => null,
        };
        pricing = reference is { } r ? TakerPricing(instrumentId, side, r, quantity) : default;
        return reference is not null;
    }

    private void EvaluateRestingOrders(string instrumentId, decimal open, decimal high, decimal low)
    {
        if (_openOrders.Count == 0)
        {
            return;
        }
        // The instrument's open orders as the bar starts (fills below add and remove orders), in a list reused bar after bar.
        var candidates = _restingScratch;
        candidates.Clear();
        foreach (var order in _openOrders)
        {
            if (order.InstrumentId == instrumentId)
            {
                candidates.Add(order);
            }
        }
        if (candidates.Count == 0)
        {
            return;
        }
        var now = _timeProvider.GetUtcNow();
        var fillsBefore = _fills.Count;
        // Pessimistic order inside a bar: resting entries (opening limits) first, then stops, then take-profits and
        // reduce-only limits; placement order within a group. An entry limit lies between the market and its stop, so a
        // bar reaching the stop went through the entry first: the entry fills and the stop then takes it (ADR-011).
        for (var group = 0; group < 3; group++)
        {
            if (group == 1 && _fills.Count > fillsBefore)
            {
                // An entry filled in this bar: the stop it created joins the bar (the rest of the bar came after the fill).
                JoinPlacedDuringBar(instrumentId, candidates);
            }
            foreach (var order in candidates)
            {
                if (RestingGroup(order) == group)
                {
                    TryFillResting(order, open, high, low, now);
                }
            }
        }
        candidates.Clear();
    }

    /// <summary>
    /// Adds to a bar's <paramref name="candidates"/> the instrument's orders placed while it was matched (the stop an entry
    /// carried, created when the entry filled), after those it started with: the open list keeps placement order.
    /// </summary>
    private void JoinPlacedDuringBar(string instrumentId, List<PaperOrder> candidates)
    {
        foreach (var order in _openOrders)
        {
            if (order.InstrumentId == instrumentId && !candidates.Contains(order))
            {
                candidates.Add(order);
            }
        }
    }

    /// <summary>
    /// After a resting entry grew a position inside a bar, the instrument's stops are grown to cover all of it: live, the
    /// engine resizes its stop within seconds of each clip's fill, long before the rest of the bar; here nothing can act
    /// before the bar ends, so the account does it at the fill (the engine then finds its stop already the right size).
    /// </summary>
    private void GrowStopsToPosition(string instrumentId, decimal positionQuantity, DateTimeOffset now)
    {
        foreach (var order in _openOrders)
        {
            if (order.InstrumentId != instrumentId || order.Type != OrderType.StopMarket || !order.ReduceOnly)
            {
                continue;
            }
            var reducible = Reducible(positionQuantity, order.Side);
            if (reducible > order.Remaining)
            {
                order.Quantity = order.FilledQuantity + reducible;
                order.UpdatedAt = now;
            }
        }
    }

    /// <summary>The order in which a bar fills resting orders: 0 opening limits, 1 stops, 2 take-profits and reduce-only limits.</summary>
    private static int RestingGroup(PaperOrder order) => order.Type switch
    {
        OrderType.Limit when !order.ReduceOnly => 0,
        OrderType.StopMarket => 1,
        OrderType.TakeProfitMarket or OrderType.Limit => 2,
        _ => -1,
    };

    private void TryFillResting(PaperOrder order, decimal open, decimal high, decimal low, DateTimeOffset now)
    {
        if (!order.IsOpen)
        {
            return;
        }
        PaperFillPricing pricing;
        bool isMaker;
        var quantity = order.Remaining;
        if (order.Type == OrderType.Limit)
        {
            var limit = order.Price!.Value;
            var tradedThrough = order.Side == OrderSide.Buy ? low < limit : high > limit;
            if (!tradedThrough)
            {
                return;
            }
            pricing = PaperFillPricing.AtPrice(limit);
            isMaker = true;
        }
        else
        {
            if (!TryTrigger(order.InstrumentId, order.Type, order.Side, order.TriggerPrice!.Value, open, high, low, quantity, out pricing))
            {
                return;
            }
            isMaker = false;
        }

        var refusal = CheckExecutable(order.InstrumentId, order.Side, order.ReduceOnly, ref quantity, pricing.Price, isMaker ? _options.MakerFeeBps : _options.TakerFeeBps);
        if (refusal is null)
        {
            if (!isMaker && quantity != order.Remaining)
            {
                TryTrigger(order.InstrumentId, order.Type, order.Side, order.TriggerPrice!.Value, open, high, low, quantity, out pricing);
            }
            var market = MarketOf(order.InstrumentId);
            var before = market.Position?.Quantity ?? 0m;
            ExecuteFill(order, quantity, pricing, isMaker, now);
            var after = market.Position!.Quantity;
            if (!order.ReduceOnly && before != 0 && Math.Sign(after) == Math.Sign(before) && Math.Abs(after) > Math.Abs(before))
            {
                GrowStopsToPosition(order.InstrumentId, after, now);
            }
        }
        else if (refusal.Error == ExchangeErrorCode.ReduceOnlyWouldIncrease)
        {
            Close(order, OrderStatus.Cancelled, "Reduce-only order cancelled: no position left to reduce.");
        }
        else
        {
            Close(order, OrderStatus.Rejected, refusal.Message);
        }
    }

    /// <summary>
    /// Reduce-only trimming and the margin check for a fill of <paramref name="quantity"/> at <paramref name="price"/>.
    /// Returns null when the fill may go ahead (with <paramref name="quantity"/> possibly trimmed).
    /// </summary>
    private OrderResult? CheckExecutable(string instrumentId, OrderSide side, bool reduceOnly, ref decimal quantity, decimal price, decimal feeBps)
    {
        var position = _markets.TryGetValue(instrumentId, out var market) ? market.Position : null;
        var positionQuantity = position?.Quantity ?? 0m;
        if (reduceOnly)
        {
            var reducible = Reducible(positionQuantity, side);
            if (reducible == 0)
            {
                return OrderResult.Fail(
                    ExchangeErrorCode.ReduceOnlyWouldIncrease,
                    $"Reduce-only {side} on {instrumentId} would open or increase a position (position {Format(positionQuantity)}).");
            }
            quantity = Math.Min(quantity, reducible);
            return null;
        }

        var delta = side == OrderSide.Buy ? quantity : -quantity;
        var (newQuantity, newAverage, realized) = ApplyFill(positionQuantity, position?.AverageEntryPrice ?? 0m, delta, price);
        if (Math.Abs(newQuantity) <= Math.Abs(positionQuantity))
        {
            return null;
        }
        var fee = quantity * price * feeBps / BasisPoints;
        var equity = _cash + realized - fee + (newQuantity * (price - newAverage));
        var notional = Math.Abs(newQuantity) * price;
        foreach (var other in _positions)
        {
            if (other.InstrumentId != instrumentId && other.Quantity != 0)
            {
                var mark = MarkOf(other);
                equity += other.Quantity * (mark - other.AverageEntryPrice);
                notional += Math.Abs(other.Quantity) * mark;
            }
        }
        var required = notional / _options.Leverage;
        if (required > equity)
        {
            return OrderResult.Fail(
                ExchangeErrorCode.InsufficientMargin,
                $"{side} {Format(quantity)} {instrumentId} needs margin {Format(decimal.Round(required, 2))} {_options.Currency} at leverage {Format(_options.Leverage)} but equity would be {Format(decimal.Round(equity, 2))}.");
        }
        return null;
    }

    /// <summary>
    /// Books a fill of <paramref name="quantity"/>. With <paramref name="unfilled"/> 0 the order ends filled (at the
    /// quantity it really had, when a reduce-only order was trimmed); otherwise <paramref name="unfilled"/> is what the
    /// book did not give within a marketable limit, and the order stays open, partially filled, for the caller to cancel
    /// (an immediate-or-cancel) or leave resting.
    /// </summary>
    private void ExecuteFill(PaperOrder order, decimal quantity, PaperFillPricing pricing, bool isMaker, DateTimeOffset now, decimal unfilled = 0m)
    {
        var price = pricing.Price;
        var feeBps = isMaker ? _options.MakerFeeBps : _options.TakerFeeBps;
        var fee = Book(quantity * price * feeBps / BasisPoints);
        var market = MarketOf(order.InstrumentId);
        if (market.Position is not { } position)
        {
            position = new PaperPosition { InstrumentId = order.InstrumentId };
            SetPosition(market, position);
        }
        var delta = order.Side == OrderSide.Buy ? quantity : -quantity;
        var before = position.Quantity;
        var (newQuantity, newAverage, unroundedRealized) = ApplyFill(before, position.AverageEntryPrice, delta, price);
        var realized = Book(unroundedRealized);
        position.Quantity = newQuantity;
        position.AverageEntryPrice = newAverage;
        _openPositions += (newQuantity != 0 ? 1 : 0) - (before != 0 ? 1 : 0);
        _balanceMoved = true;
        var closedOrFlipped = newQuantity == 0 || (before != 0 && Math.Sign(newQuantity) != Math.Sign(before));
        position.RealizedPnl = closedOrFlipped ? 0m : position.RealizedPnl + realized;

        _cash += realized - fee;
        _realizedPnl += realized;
        _feesPaid += fee;

        var filledBefore = order.FilledQuantity;
        order.FilledQuantity += quantity;
        order.AverageFillPrice = ((order.AverageFillPrice * filledBefore) + (price * quantity)) / order.FilledQuantity;
        order.Fee += fee;
        order.UpdatedAt = now;
        // A reduce-only order trimmed at fill time shows the quantity it really had.
        order.Quantity = order.FilledQuantity + unfilled;
        if (unfilled > 0)
        {
            order.Status = OrderStatus.PartiallyFilled;
        }
        else
        {
            order.Status = OrderStatus.Filled;
            RemoveOpen(order);
        }

        var sequence = _fillBase + _fills.Count + 1L;
        var fill = new Fill(
            sequence,
            "F" + sequence.ToString(CultureInfo.InvariantCulture),
            order.OrderId,
            order.ClientOrderId,
            order.InstrumentId,
            order.Side,
            quantity,
            price,
            fee,
            isMaker,
            now,
            order.Tag);
        _fills.Add(fill);
        RecordFillCost(fill, pricing);

        TrimReduceOnlyOrders(order.InstrumentId, position.Quantity, now);
        PlaceAttachedStop(order);
    }

    /// <summary>Cuts open reduce-only orders to the remaining position and cancels those with nothing left to reduce.</summary>
    private void TrimReduceOnlyOrders(string instrumentId, decimal positionQuantity, DateTimeOffset now)
    {
        // Backwards, as closing an order removes it from the open list.
        for (var i = _openOrders.Count - 1; i >= 0; i--)
        {
            var order = _openOrders[i];
            if (!order.ReduceOnly || order.InstrumentId != instrumentId)
            {
                continue;
            }
            var reducible = Reducible(positionQuantity, order.Side);
            if (reducible == 0)
            {
                Close(order, OrderStatus.Cancelled, "Reduce-only order cancelled: the position is closed.");
            }
            else if (order.Remaining > reducible)
            {
                order.Quantity = order.FilledQuantity + reducible;
                order.UpdatedAt = now;
            }
        }
    }

    /// <summary>
    /// Applies a signed fill to a net position: returns the new quantity, average entry and the P&amp;L realised by
    /// the part that reduced the position.
    /// </summary>
    private static (decimal Quantity, decimal Average, decimal Realized) ApplyFill(decimal quantity, decimal average, decimal delta, decimal price)
    {
        if (quantity == 0 || Math.Sign(quantity) == Math.Sign(delta))
        {
            var increased = quantity + delta;
            var newAverage = ((Math.Abs(quantity) * average) + (Math.Abs(delta) * price)) / Math.Abs(increased);
            return (increased, newAverage, 0m);
        }
        var closing = Math.Min(Math.Abs(delta), Math.Abs(quantity));
        var realized = closing * (price - average) * Math.Sign(quantity);
        var remaining = quantity + delta;
        if (remaining == 0)
        {
            return (0m, 0m, realized);
        }
        return Math.Sign(remaining) == Math.Sign(quantity) ? (remaining, average, realized) : (remaining, price, realized);
    }

    /// <summary>How much an order on <paramref name="side"/> can reduce a position of <paramref name="positionQuantity"/>.</summary>
    private static decimal Reducible(decimal positionQuantity, OrderSide side) => side switch
    {
        OrderSide.Sell when positionQuantity > 0 => positionQuantity,
        OrderSide.Buy when positionQuantity < 0 => -positionQuantity,
        _ => 0m,
    };
}
