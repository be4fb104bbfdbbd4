using System.Globalization;
using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Domain.Positions;

/// <summary>
/// Protective orders: one live reduce-only stop per open position covering its whole quantity, the take-profits, stop
/// moves, exits, and the invariant check reconciliation runs.
/// </summary>
public sealed partial class PositionManager
{
    /// <summary>
    /// For every open position: exactly one live stop of this engine covering its whole quantity at the engine's stop
    /// price (adopted, resized, moved or placed as needed; extra stops cancelled). Returns what was done, in words.
    /// </summary>
    public async ValueTask<IReadOnlyList<ProtectionAction>> EnsureProtectionAsync(CancellationToken cancellationToken = default)
    {
        var open = OpenPositions;
        if (open.Count == 0)
        {
            return [];
        }
        var orders = await _exchange.GetOpenOrdersAsync(cancellationToken);
        var actions = new List<ProtectionAction>();
        foreach (var p in open)
        {
            if (await EnsureStopAsync(p, orders, cancellationToken) is { } action)
            {
                actions.Add(new ProtectionAction(p.Id, p.InstrumentId, action));
            }
        }
        return actions;
    }

    /// <summary>
    /// The invariant after reconciliation, checked against the exchange's open orders: each open position has exactly one
    /// live reduce-only stop of this engine covering its whole quantity. Returns every breach in words (empty when it holds).
    /// </summary>
    public IReadOnlyList<string> ProtectionProblems(IReadOnlyList<Order> openOrders)
    {
        ArgumentNullException.ThrowIfNull(openOrders);
        var problems = new List<string>();
        foreach (var p in OpenPositions)
        {
            var stops = StopsOf(p, openOrders);
            if (stops.Count != 1)
            {
                problems.Add($"{p.Id} {p.InstrumentId}: {stops.Count} live stops (exactly one expected)");
            }
            else if (!stops[0].ReduceOnly || stops[0].Quantity - stops[0].FilledQuantity != p.Quantity)
            {
                problems.Add($"{p.Id} {p.InstrumentId}: its stop is for {Fmt(stops[0].Quantity - stops[0].FilledQuantity)}, the position {Fmt(p.Quantity)}");
            }
        }
        return problems;
    }

    /// <summary>True when the order is one of this manager's orders for a position still active (entry, stop, targets, exit).</summary>
    public bool Uses(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_gate)
        {
            var link = _orders.GetValueOrDefault(order.OrderId) ?? _byClientId.GetValueOrDefault(order.ClientOrderId);
            return link is not null && _active.Contains(link.Position);
        }
    }

    private async ValueTask ProtectAsync(Position position, TradingPreset preset, CancellationToken cancellationToken)
    {
        // An old stop of an earlier position on this instrument must not sit beside the new one.
        await CancelLeftoversAsync(cancellationToken);
        var risk = Math.Abs(position.EntryPrice - position.InitialStop);
        // First its stop: adopted (the one attached to the entry) or placed, before anything else can fail.
        await EnsureStopAsync(position, await _exchange.GetOpenOrdersAsync(cancellationToken), cancellationToken);

        // An entry that filled with less than half the planned room to its stop (the market moved between the last quote
        // and the fill) is not the trade that was planned: close it (its attached stop covers it until the exit fills).
        var planned = Math.Abs(position.PlannedEntry - position.InitialStop);
        if (position.Direction * (position.EntryPrice - position.StopLoss) < planned * EntryPriceGuard.MinStopRoomShare || risk == 0)
        {
            _logger.LogWarning("{Position} {Instrument}: filled at {Price}, less than half the planned room to the stop {Stop}; closing it.", position.Id, position.InstrumentId, position.EntryPrice, position.StopLoss);
            await ExitAsync(position, ExitReason.StopLoss, cancellationToken);
            return;
        }
        if (HasSchedule(position))
        {
            // An entry in slices: the targets are placed for the final quantity when its schedule ends.
            return;
        }
        await PlaceTargetsAsync(position, preset, cancellationToken);
    }

    /// <summary>TP1 and TP2 from the average entry and the initial risk, for the quantity held (targets below one lot merged).</summary>
    private async ValueTask PlaceTargetsAsync(Position position, TradingPreset preset, CancellationToken cancellationToken)
    {
        var instrument = _markets.GetMarket(position.InstrumentId)?.Instrument;
        var cfg = preset.PositionConfig;
        var risk = Math.Abs(position.EntryPrice - position.InitialStop);
        var dir = position.Direction;
        var tp1 = position.EntryPrice + (dir * risk * (decimal)cfg.Tp1R);
        var tp2 = position.EntryPrice + (dir * risk * (decimal)cfg.Tp2R);
        if (instrument is not null)
        {
            tp1 = instrument.RoundPrice(tp1);
            tp2 = instrument.RoundPrice(tp2);
        }
        position.SetTargets(tp1, tp2);

        if (instrument is null)
        {
            return;
        }
        // Targets below one lot are merged (TakeProfitSplit); a TP1 without an order arms breakeven on its price.
        var (tp1Qty, tp2Qty) = TakeProfitSplit.Compute(instrument, position.EntryQuantity, position.Quantity, cfg.Tp1SizePct, cfg.Tp2SizePct);
        if (tp1Qty > 0)
        {
            var r = await PlaceLinkedAsync(position, OrderRole.TakeProfit1, OrderType.TakeProfitMarket, tp1Qty, tp1, OrderTag.TakeProfit1Purpose, cancellationToken);
            position.Tp1OrderId = r?.OrderId;
        }
        if (tp2Qty > 0)
        {
            var r = await PlaceLinkedAsync(position, OrderRole.TakeProfit2, OrderType.TakeProfitMarket, tp2Qty, tp2, OrderTag.TakeProfit2Purpose, cancellationToken);
            position.Tp2OrderId = r?.OrderId;
        }
    }

    private async ValueTask OnTakeProfit1Async(Position position, TradingPreset preset, CancellationToken cancellationToken)
    {
        var cfg = preset.PositionConfig;
        if (!cfg.BreakevenEnabled || !position.IsOpen)
        {
            return;
        }
        var market = _markets.GetMarket(position.InstrumentId);
        var instrument = market?.Instrument;
        var buffer = (decimal)cfg.BreakevenBufferBps / 10_000m;
        var be = position.EntryPrice * (1m + (position.Direction * buffer));
        if (instrument is not null)
        {
            be = position.Side == PositionSide.Long ? instrument.RoundPriceUp(be) : instrument.RoundPriceDown(be);
        }
        if (position.Direction * (be - position.StopLoss) <= 0)
        {
            // The stop is there already, or better.
            return;
        }
        // With a live price newer than the last bar: like a trailing move, never to a price the market is already through
        // (the stop would trigger at once, or be refused); the old stop stays and the next pass tries again (ManageAsync).
        // A replay knows only the bar: its high or low filled TP1, and live the stop would have gone to breakeven while
        // the price was still near TP1, so it goes there now and a close back through it ends the runner at that close
        // (a breakeven stop at a price no better than live's).
        if (market?.LiveLastPrice is { } price && position.Direction * (price - be) <= 0)
        {
            _logger.LogInformation("{Position} {Instrument}: the price {Price} is already through breakeven {Breakeven}; the stop stays at {Stop} until it is not.", position.Id, position.InstrumentId, price, be, position.StopLoss);
            return;
        }
        if (position.TightenStop(be, true, false, _time.GetUtcNow()))
        {
            await MoveStopOrderAsync(position, cancellationToken);
        }
    }

    /// <summary>
    /// Moves the live stop to the position's stop price. It is never replaced here: when the amendment fails the stop
    /// keeps its old price and stays in force, and the next pass (<see cref="EnsureStopAsync"/>) amends it again; a stop
    /// that is no longer live is forgotten so the next pass adopts or places exactly one.
    /// </summary>
    private async ValueTask MoveStopOrderAsync(Position position, CancellationToken cancellationToken)
    {
        if (position.StopOrderId is not { } id)
        {
            return;
        }
        var r = await _execution.AmendTriggerAsync(position.InstrumentId, id, position.StopLoss, cancellationToken);
        if (r.IsSuccess)
        {
            return;
        }
        _logger.LogWarning("{Position}: moving the stop {OrderId} to {Stop} failed ({Error}: {Message}); it keeps its old price until the next pass.", position.Id, id, position.StopLoss, r.Error, r.Message);
        if (r.Error == ExchangeErrorCode.OrderNotFound)
        {
            position.StopOrderId = null;
        }
    }

    private async ValueTask<bool> PlaceStopAsync(Position position, CancellationToken cancellationToken)
    {
        var order = await PlaceLinkedAsync(position, OrderRole.Stop, OrderType.StopMarket, position.Quantity, position.StopLoss, OrderTag.StopPurpose, cancellationToken);
        position.StopOrderId = order?.OrderId;
        return order is not null;
    }

    private async ValueTask<Order?> PlaceLinkedAsync(Position position, OrderRole role, OrderType type, decimal quantity, decimal trigger, string purpose, CancellationToken cancellationToken)
    {
        var request = new OrderRequest(
            _execution.NextClientOrderId(purpose),
            position.InstrumentId,
            position.ExitSide,
            type,
            quantity,
            TriggerPrice: trigger,
            ReduceOnly: true,
            Tag: OrderTag.Protective(purpose, position.Id));
        lock (_gate)
        {
            // Linked before it is sent: if the answer is lost, a live order or a fill with this client id is still known.
            _byClientId[request.ClientOrderId] = new OrderLink(position, role, null);
        }
        var result = await _execution.PlaceAsync(request, cancellationToken);
        if (!result.IsSuccess || result.Order is null)
        {
            _logger.LogError("{Position}: placing the {Purpose} order failed: {Error} {Message}", position.Id, purpose, result.Error, result.Message);
            return null;
        }
        lock (_gate)
        {
            _orders[result.Order.OrderId] = new OrderLink(position, role, null);
        }
        return result.Order;
    }

    /// <summary>
    /// Closes the position with a reduce-only market order. Its stop and targets stay live until the exit's fills close
    /// the position (then they are cancelled), so a failed exit never leaves it unprotected.
    /// </summary>
    private async ValueTask ExitAsync(Position position, ExitReason reason, CancellationToken cancellationToken)
    {
        // An entry still executing in slices stops adding: its post-only clip in flight is cancelled first.
        await AbandonEntryAsync(position, cancellationToken);
        if (!position.IsOpen || position.Quantity <= 0)
        {
            return;
        }
        var request = new OrderRequest(
            _execution.NextClientOrderId("ex"),
            position.InstrumentId,
            position.ExitSide,
            OrderType.Market,
            position.Quantity,
            ReduceOnly: true,
            Tag: OrderTag.Exit(position.Id, reason));
        lock (_gate)
        {
            _byClientId[request.ClientOrderId] = new OrderLink(position, OrderRole.Exit, reason);
        }
        var result = await _execution.PlaceAsync(request, cancellationToken);
        if (!result.IsSuccess || result.Order is null)
        {
            _logger.LogError("{Position}: exit order ({Reason}) failed: {Error} {Message}; its stop stays in force.", position.Id, reason, result.Error, result.Message);
            return;
        }
        lock (_gate)
        {
            _orders[result.Order.OrderId] = new OrderLink(position, OrderRole.Exit, reason);
        }
    }

    private static string Fmt(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);

    private sealed record OrderLink(Position Position, OrderRole Role, ExitReason? ExitReason);

}
