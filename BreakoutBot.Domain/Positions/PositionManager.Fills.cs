using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Domain.Positions;

/// <summary>Exchange fills applied to positions, and entries whose outcome is not known yet.</summary>
public sealed partial class PositionManager
{
    /// <summary>
    /// Applies every new exchange fill to its position, at the fill's own price, fee and time, matched by exchange order
    /// id or by client order id; then protects newly opened positions, resizes the stop of positions whose quantity grew,
    /// moves the stop after TP1 and cancels what is left of closed positions.
    /// </summary>
    public async ValueTask<(int Applied, int Closed)> SyncFillsAsync(TradingPreset preset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var applied = 0;
        var closed = 0;
        for (var round = 0; round < 4; round++)
        {
            var fills = await _exchange.GetFillsAsync(LastFillSequence, cancellationToken);
            if (fills.Count == 0)
            {
                break;
            }
            var newlyOpened = new List<Position>();
            var grown = new List<Position>();
            var tp1Hit = new List<Position>();
            var justClosed = new List<Position>();
            lock (_gate)
            {
                foreach (var fill in fills)
                {
                    if (fill.Sequence <= _lastFillSequence)
                    {
                        continue;
                    }
                    _lastFillSequence = fill.Sequence;
                    if (FindLinkLocked(fill.OrderId, fill.ClientOrderId) is not { } link)
                    {
                        continue;
                    }
                    var p = link.Position;
                    applied++;
                    if (link.Role == OrderRole.Entry)
                    {
                        var wasOpen = p.IsOpen;
                        p.ApplyEntryFill(fill.Quantity, fill.Price, fill.Fee, fill.Time);
                        p.EntryOrderId ??= fill.OrderId;
                        (wasOpen ? grown : newlyOpened).Add(p);
                        continue;
                    }
                    if (!p.IsOpen)
                    {
                        _logger.LogError("Fill {FillId} for {Position} arrived after it closed; quantity {Quantity} is unaccounted.", fill.FillId, p.Id, fill.Quantity);
                        continue;
                    }
                    var qty = Math.Min(fill.Quantity, p.Quantity);
                    var reason = link.Role switch
                    {
                        OrderRole.Stop => p.StopExitReason,
                        OrderRole.TakeProfit1 => ExitReason.TakeProfit1,
                        OrderRole.TakeProfit2 => ExitReason.TakeProfit2,
                        _ => link.ExitReason ?? ExitReason.Manual,
                    };
                    if (p.ApplyExitFill(qty, fill.Price, fill.Fee, fill.Time, reason, fill.OrderId))
                    {
                        MarkClosedLocked(p);
                        justClosed.Add(p);
                        closed++;
                    }
                    else if (reason == ExitReason.TakeProfit1)
                    {
                        tp1Hit.Add(p);
                    }
                }
            }
            foreach (var p in newlyOpened.Where(p => p.IsOpen))
            {
                await ProtectAsync(p, preset, cancellationToken);
            }
            var toResize = grown.Where(p => p.IsOpen && !newlyOpened.Contains(p)).Distinct().ToList();
            if (toResize.Count > 0)
            {
                var open = await _exchange.GetOpenOrdersAsync(cancellationToken);
                foreach (var p in toResize)
                {
                    await EnsureStopAsync(p, open, cancellationToken);
                }
            }
            foreach (var p in tp1Hit.Where(p => p.IsOpen))
            {
                await OnTakeProfit1Async(p, preset, cancellationToken);
            }
            foreach (var p in justClosed)
            {
                await CancelRestingAsync(p, cancellationToken);
            }
        }
        return (applied, closed);
    }

    /// <summary>The position and role of an order, by exchange id or else by client id (remembering the exchange id).</summary>
    private OrderLink? FindLinkLocked(string orderId, string? clientOrderId)
    {
        if (_orders.TryGetValue(orderId, out var link))
        {
            return link;
        }
        if (!string.IsNullOrEmpty(clientOrderId) && _byClientId.TryGetValue(clientOrderId, out link))
        {
            _orders[orderId] = link;
            return link;
        }
        return null;
    }

    private void MarkClosedLocked(Position p)
    {
        _active.Remove(p);
        _activeCount = _active.Count;
        _closed.Add(p);
        if (_closed.Count > MaxClosedKept)
        {
            _closed.RemoveAt(0);
        }
        _closedUndrained.Add(p);
        _closedCount++;
        _realizedNetPnl += p.NetRealizedPnl;
        _entryClientIds.Remove(p.Id);
        _attachedStops.Remove(p.Id);
    }

    /// <summary>
    /// An entry still opening: its order is looked up (by client id when its answer was lost). An entry that is gone
    /// without any fill is dropped; one that filled is opened by its fills.
    /// </summary>
    private async ValueTask CheckPendingEntryAsync(Position position, TradingPreset preset, CancellationToken cancellationToken)
    {
        Order? order;
        if (position.EntryOrderId is { } entryId)
        {
            order = await _exchange.GetOrderAsync(position.InstrumentId, entryId, cancellationToken);
        }
        else
        {
            string? clientId;
            lock (_gate)
            {
                _entryClientIds.TryGetValue(position.Id, out clientId);
            }
            order = clientId is null ? null : await _exchange.GetOrderByClientIdAsync(position.InstrumentId, clientId, cancellationToken);
            if (order is not null)
            {
                lock (_gate)
                {
                    position.EntryOrderId = order.OrderId;
                    _orders[order.OrderId] = new OrderLink(position, OrderRole.Entry, null);
                }
            }
        }
        if (order is { FilledQuantity: > 0 })
        {
            await SyncFillsAsync(preset, cancellationToken);
            return;
        }
        if (order is null || !order.IsOpen)
        {
            Drop(position);
        }
    }
}
