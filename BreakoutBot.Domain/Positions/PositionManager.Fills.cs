using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Domain.Positions;

/// <summary>Exchange fills applied to positions.</summary>
public sealed partial class PositionManager
{
    /// <summary>
    /// Applies every new exchange fill to its position, at the fill's own price, fee and time, matched by exchange order
    /// id or by client order id; then protects newly opened positions, resizes the stop of positions whose quantity grew,
    /// moves the stop after TP1 and cancels what is left of closed positions.
    /// </summary>
    public ValueTask<(int Applied, int Closed)> SyncFillsAsync(TradingPreset preset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preset);
        // Asked on every management pass, and nothing new is the usual answer: an exchange that answers at once with no
        // fill (the paper account) costs no asynchronous pass. The same first read as the loop below would make.
        var read = _exchange.GetFillsAsync(LastFillSequence, cancellationToken);
        if (!read.IsCompletedSuccessfully)
        {
            return SyncFillsCoreAsync(read.AsTask(), preset, cancellationToken);
        }
        var fills = read.Result;
        return fills.Count == 0 ? ValueTask.FromResult((0, 0)) : SyncFillsCoreAsync(Task.FromResult(fills), preset, cancellationToken);
    }

    private async ValueTask<(int Applied, int Closed)> SyncFillsCoreAsync(Task<IReadOnlyList<Fill>> first, TradingPreset preset, CancellationToken cancellationToken)
    {
        var applied = 0;
        var closed = 0;
        for (var round = 0; round < 4; round++)
        {
            var fills = round == 0 ? await first : await _exchange.GetFillsAsync(LastFillSequence, cancellationToken);
            if (fills.Count == 0)
            {
                break;
            }
            var newlyOpened = new List<Position>();
            var resized = new List<Position>();
            var tp1Hit = new List<Position>();
            var justClosed = new List<Position>();
            List<(Position Position, EntrySchedule Schedule)>? stoppedEntries = null;
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
                        if (p.Status is PositionStatus.Cancelled or PositionStatus.Closed)
                        {
                            // Given up as never placed, yet it filled: the quantity is the exchange's; reconciliation settles it.
                            _logger.LogError("Entry fill {FillId} for {Position}, given up as unfilled or already closed, arrived late; {Quantity} is left to reconciliation.", fill.FillId, p.Id, fill.Quantity);
                            continue;
                        }
                        var wasOpen = p.IsOpen;
                        p.ApplyEntryFill(fill.Quantity, fill.Price, fill.Fee, fill.Time);
                        p.EntryOrderId ??= fill.OrderId;
                        (wasOpen ? resized : newlyOpened).Add(p);
                        continue;
                    }
                    if (link.Role == OrderRole.Stop && _schedules.TryGetValue(p.Id, out var schedule) && !schedule.Ending)
                    {
                        // The stop has filled (live, it may have triggered before it was resized to the last clip): no
                        // further slice goes; the position keeps what is left, protected and with its targets (ADR-011).
                        End(schedule, "the stop filled");
                        (stoppedEntries ??= []).Add((p, schedule));
                    }
                    var reason = link.Role switch
                    {
                        OrderRole.Stop => p.StopExitReason,
                        OrderRole.TakeProfit1 => ExitReason.TakeProfit1,
                        OrderRole.TakeProfit2 => ExitReason.TakeProfit2,
                        _ => link.ExitReason ?? ExitReason.Manual,
                    };
                    // Quantity reconciliation already booked at a guessed price is re-priced by its real fill, not exited twice.
                    var wasClosed = !p.IsOpen;
                    var netBefore = p.NetRealizedPnl;
                    var confirmed = p.ConfirmReconciledExit(fill.Quantity, fill.Price, fill.Fee, fill.Time, reason, fill.OrderId);
                    if (wasClosed)
                    {
                        _realizedNetPnl += p.NetRealizedPnl - netBefore;
                    }
                    var rest = fill.Quantity - confirmed;
                    if (rest <= 0)
                    {
                        continue;
                    }
                    if (!p.IsOpen)
                    {
                        _logger.LogError("Fill {FillId} for {Position} arrived after it closed; quantity {Quantity} is unaccounted.", fill.FillId, p.Id, rest);
                        continue;
                    }
                    var qty = Math.Min(rest, p.Quantity);
                    if (p.ApplyExitFill(qty, fill.Price, fill.Fee * (rest / fill.Quantity), fill.Time, reason, fill.OrderId))
                    {
                        MarkClosedLocked(p);
                        justClosed.Add(p);
                        closed++;
                    }
                    else
                    {
                        resized.Add(p);
                        if (reason == ExitReason.TakeProfit1)
                        {
                            tp1Hit.Add(p);
                        }
                    }
                }
            }
            if (stoppedEntries is not null)
            {
                await CancelRestingClipsAsync(stoppedEntries, cancellationToken);
            }
            // Plain loops: this runs after every fill, and a filter's iterator and closure would be allocated each time.
            foreach (var p in newlyOpened)
            {
                if (p.IsOpen)
                {
                    await ProtectAsync(p, preset, cancellationToken);
                }
            }
            // The stop follows the quantity: more entry fills, or a partial exit (a reduce-only stop larger than the position
            // may be refused by the exchange when it triggers).
            List<Position>? toResize = null;
            foreach (var p in resized)
            {
                if (p.IsOpen && !newlyOpened.Contains(p) && !(toResize?.Contains(p) ?? false))
                {
                    (toResize ??= []).Add(p);
                }
            }
            if (toResize is not null)
            {
                var open = await _exchange.GetOpenOrdersAsync(cancellationToken);
                foreach (var p in toResize)
                {
                    await EnsureStopAsync(p, open, cancellationToken);
                }
            }
            foreach (var p in tp1Hit)
            {
                if (p.IsOpen)
                {
                    await OnTakeProfit1Async(p, preset, cancellationToken);
                }
            }
            if (justClosed.Count > 0)
            {
                await CancelLeftoversAsync(cancellationToken);
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
        Volatile.Write(ref _undrained, _closedUndrained.Count);
        _closedCount++;
        _realizedNetPnl += p.NetRealizedPnl;
        _entryClientIds.Remove(p.Id);
        _attachedStops.Remove(p.Id);
        if (_schedules.Remove(p.Id, out var schedule) && schedule.Working is { IsPostOnly: true, OrderId: { } clip })
        {
            // A post-only entry clip still resting must not add to a closed position.
            _leftovers[clip] = new Leftover(p.InstrumentId, false);
        }
        // Its stop and open targets are cancelled from now on, pass after pass until confirmed (CancelLeftoversAsync).
        if (p.StopOrderId is { } stop)
        {
            _leftovers[stop] = new Leftover(p.InstrumentId, true);
        }
        foreach (var target in new[] { p.Tp1Done ? null : p.Tp1OrderId, p.Tp2Done ? null : p.Tp2OrderId })
        {
            if (target is not null)
            {
                _leftovers[target] = new Leftover(p.InstrumentId, false);
            }
        }
        p.StopOrderId = null;
        p.Tp1OrderId = p.Tp1Done ? p.Tp1OrderId : null;
        p.Tp2OrderId = p.Tp2Done ? p.Tp2OrderId : null;
    }
}
