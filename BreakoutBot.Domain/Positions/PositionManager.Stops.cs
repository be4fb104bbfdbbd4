using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Domain.Positions;

/// <summary>Each open position's stop against the exchange's open orders: found, adopted, repaired, resized and moved.</summary>
public sealed partial class PositionManager
{
    /// <summary>
    /// Makes <paramref name="position"/>'s stop right against the exchange's open orders: the stop it tracks (or the one
    /// attached to its entry, or one whose placement answer was lost) is adopted; extra live stops are cancelled; the
    /// kept stop is resized to the open quantity and moved to the engine's stop price; with none live, one is placed.
    /// Returns what was done, or null when nothing was needed.
    /// </summary>
    private ValueTask<string?> EnsureStopAsync(Position position, IReadOnlyList<Order> openOrders, CancellationToken cancellationToken)
    {
        if (!position.IsOpen)
        {
            return ValueTask.FromResult<string?>(null);
        }
        // The usual pass finds exactly the one stop it tracks: then nothing is allocated for it (the repair below captures
        // the position in its lambdas, an object made on every call of a method that holds them).
        return OnlyStopOf(position, openOrders) is { } only
            ? KeepStopAsync(position, only, null, cancellationToken)
            : RepairStopAsync(position, openOrders, cancellationToken);
    }

    /// <summary><see cref="EnsureStopAsync"/> when the position has no stop, another one, or several.</summary>
    private async ValueTask<string?> RepairStopAsync(Position position, IReadOnlyList<Order> openOrders, CancellationToken cancellationToken)
    {
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
}
