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

    /// <summary>
    /// Makes <paramref name="position"/>'s stop right against the exchange's open orders: the stop it tracks (or the one
    /// attached to its entry, or one whose placement answer was lost) is adopted; extra live stops are cancelled; the
    /// kept stop is resized to the open quantity and moved to the engine's stop price; with none live, one is placed.
    /// Returns what was done, or null when nothing was needed.
    /// </summary>
    private async ValueTask<string?> EnsureStopAsync(Position position, IReadOnlyList<Order> openOrders, CancellationToken cancellationToken)
    {
        if (!position.IsOpen)
        {
            return null;
        }
        // The usual pass finds exactly the one stop it tracks: then nothing is allocated for it.
        if (OnlyStopOf(position, openOrders) is { } only)
        {
            return await KeepStopAsync(position, only, null, cancellationToken);
        }
        var stops = StopsOf(position, openOrders);
        if (stops.Count == 0 && AttachedStopClientId(position) is { } attachedId)
        {
            // Created by the exchange when the entry filled; it may not have been in the list read a moment before.
            if (await _exchange.GetOrderByClientIdAsync(position.InstrumentId, attachedId, cancellationToken) is { IsOpen: true } attached)
            {
                stops = [attached];
            }
        }
        if (stops.Count == 0 && UnclaimedOwnStop(position, openOrders) is { } unclaimed)
        {
            // A live stop of this engine that nothing claims (its link was lost, e.g. across a restart) protects this position.
            stops = [unclaimed];
        }
        var notes = new List<string>();
        var keep = stops.FirstOrDefault(o => o.OrderId == position.StopOrderId) ?? stops.OrderByDescending(o => o.CreatedAt).FirstOrDefault();
        foreach (var extra in stops.Where(o => o != keep))
        {
            var cancelled = await _execution.CancelAsync(position.InstrumentId, extra.OrderId, cancellationToken);
            _logger.LogWarning("{Position} {Instrument}: extra stop {OrderId} found live; cancel {Outcome}.", position.Id, position.InstrumentId, extra.OrderId, cancelled.IsSuccess ? "sent" : cancelled.Error.ToString());
            notes.Add($"extra stop {extra.OrderId} cancelled");
        }
        if (keep is null)
        {
            position.StopOrderId = null;
            if (await PlaceStopAsync(position, cancellationToken))
            {
                notes.Add($"stop {position.StopOrderId} placed for {Fmt(position.Quantity)} at {Fmt(position.StopLoss)}");
            }
            else
            {
                notes.Add("placing a stop failed; retried on the next pass");
            }
            return Describe(position, notes);
        }
        return await KeepStopAsync(position, keep, notes, cancellationToken);
    }

    /// <summary>Keeps <paramref name="keep"/> as the position's stop: linked, resized to the open quantity, moved to the engine's price.</summary>
    private async ValueTask<string?> KeepStopAsync(Position position, Order keep, List<string>? notes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            position.StopOrderId = keep.OrderId;
            if (_orders.GetValueOrDefault(keep.OrderId) is not { Role: OrderRole.Stop, ExitReason: null } link || !ReferenceEquals(link.Position, position))
            {
                _orders[keep.OrderId] = new OrderLink(position, OrderRole.Stop, null);
            }
        }
        var remaining = keep.Quantity - keep.FilledQuantity;
        if (remaining != position.Quantity)
        {
            var resized = await _execution.ResizeAsync(position.InstrumentId, keep.OrderId, keep.FilledQuantity + position.Quantity, cancellationToken);
            (notes ??= []).Add(resized.IsSuccess
                ? $"stop {keep.OrderId} resized from {Fmt(remaining)} to {Fmt(position.Quantity)}"
                : $"resizing stop {keep.OrderId} to {Fmt(position.Quantity)} failed ({resized.Error}); retried on the next pass");
        }
        if (keep.TriggerPrice is { } trigger && trigger != position.StopLoss && trigger != ExchangeStopPrice(position))
        {
            var moved = await _execution.AmendTriggerAsync(position.InstrumentId, keep.OrderId, position.StopLoss, cancellationToken);
            (notes ??= []).Add(moved.IsSuccess
                ? $"stop {keep.OrderId} moved from {Fmt(trigger)} to {Fmt(position.StopLoss)}"
                : $"moving stop {keep.OrderId} to {Fmt(position.StopLoss)} failed ({moved.Error}); retried on the next pass");
        }
        return Describe(position, notes);
    }

    private static string? Describe(Position position, List<string>? notes) =>
        notes is not { Count: > 0 } ? null : $"{position.Id}: " + string.Join("; ", notes);

    /// <summary>The position's stop when it is the only live stop of its position among <paramref name="openOrders"/> and the one it tracks.</summary>
    private Order? OnlyStopOf(Position position, IReadOnlyList<Order> openOrders)
    {
        Order? found = null;
        lock (_gate)
        {
            for (var i = 0; i < openOrders.Count; i++)
            {
                var o = openOrders[i];
                if (IsStopOf(o, position))
                {
                    if (found is not null)
                    {
                        return null;
                    }
                    found = o;
                }
            }
        }
        return found is not null && found.OrderId == position.StopOrderId ? found : null;
    }

    /// <summary>The engine's stop price as the exchange holds it: rounded away from the market like the adapters round it.</summary>
    private decimal ExchangeStopPrice(Position position)
    {
        var instrument = _markets.GetMarket(position.InstrumentId)?.Instrument;
        return instrument is null ? position.StopLoss
            : position.Side == PositionSide.Long ? instrument.RoundPriceDown(position.StopLoss) : instrument.RoundPriceUp(position.StopLoss);
    }

    /// <summary>The live stops among <paramref name="openOrders"/> that this manager placed (or had attached) for the position.</summary>
    private List<Order> StopsOf(Position position, IReadOnlyList<Order> openOrders)
    {
        lock (_gate)
        {
            return openOrders.Where(o => IsStopOf(o, position)).ToList();
        }
    }

    /// <summary>True when <paramref name="o"/> is a live stop this manager placed (or had attached) for the position (under the gate).</summary>
    private bool IsStopOf(Order o, Position position)
    {
        return o.IsOpen && o.Type == OrderType.StopMarket && o.InstrumentId == position.InstrumentId
            && (o.OrderId == position.StopOrderId || IsStopLinkTo(_orders.GetValueOrDefault(o.OrderId), position)
                || IsStopLinkTo(_byClientId.GetValueOrDefault(o.ClientOrderId), position));

        static bool IsStopLinkTo(OrderLink? link, Position p) => link is { Role: OrderRole.Stop } && ReferenceEquals(link.Position, p);
    }

    /// <summary>The newest live reduce-only stop with this engine's client-id prefix on the position's instrument and exit side that no active position and no closed one claims.</summary>
    private Order? UnclaimedOwnStop(Position position, IReadOnlyList<Order> openOrders)
    {
        if (_ownClientIdPrefix is null)
        {
            return null;
        }
        lock (_gate)
        {
            return openOrders.Where(o => o.IsOpen && o.Type == OrderType.StopMarket && o.ReduceOnly && o.InstrumentId == position.InstrumentId
                    && o.Side == position.ExitSide && o.ClientOrderId.StartsWith(_ownClientIdPrefix, StringComparison.Ordinal)
                    && !_leftovers.ContainsKey(o.OrderId)
                    && (_orders.GetValueOrDefault(o.OrderId) ?? _byClientId.GetValueOrDefault(o.ClientOrderId)) is null)
                .OrderByDescending(o => o.CreatedAt).FirstOrDefault();
        }
    }

    private string? AttachedStopClientId(Position position)
    {
        lock (_gate)
        {
            return _attachedStops.GetValueOrDefault(position.Id);
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
            var r = await PlaceLinkedAsync(position, OrderRole.TakeProfit1, OrderType.TakeProfitMarket, tp1Qty, tp1, "tp1", cancellationToken);
            position.Tp1OrderId = r?.OrderId;
        }
        if (tp2Qty > 0)
        {
            var r = await PlaceLinkedAsync(position, OrderRole.TakeProfit2, OrderType.TakeProfitMarket, tp2Qty, tp2, "tp2", cancellationToken);
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
        var instrument = _markets.GetMarket(position.InstrumentId)?.Instrument;
        var buffer = (decimal)cfg.BreakevenBufferBps / 10_000m;
        var be = position.EntryPrice * (1m + (position.Direction * buffer));
        if (instrument is not null)
        {
            be = position.Side == PositionSide.Long ? instrument.RoundPriceUp(be) : instrument.RoundPriceDown(be);
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
        var order = await PlaceLinkedAsync(position, OrderRole.Stop, OrderType.StopMarket, position.Quantity, position.StopLoss, "sl", cancellationToken);
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
            Tag: purpose + ":" + position.Id);
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
            Tag: "exit:" + position.Id + ":" + reason);
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
