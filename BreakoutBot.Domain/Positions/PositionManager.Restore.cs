using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Domain.Positions;

/// <summary>Positions taken over after a restart, and exits found by reconciliation.</summary>
public sealed partial class PositionManager
{
    /// <summary>
    /// Takes over open positions restored after a restart, with their resting stop and take-profit orders, and the fill
    /// sequence already applied to them. Only before the first cycle: the manager must not hold positions yet.
    /// <paramref name="journalled"/> are the orders of the run that stopped, from the order journal: each one whose tag
    /// names an adopted position is linked to it by client id (and exchange id when known) in its role, so a fill of an
    /// order whose link was not stored before the stop (a take-profit, an exit, a stop, an entry slice) is booked as what
    /// it was. One naming no adopted position (closed, or never stored) links nothing.
    /// </summary>
    public void Adopt(IReadOnlyList<Position> positions, long lastFillSequence, int closedBefore = 0, decimal realizedNetBefore = 0m,
        IReadOnlyList<JournalledOrder>? journalled = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(closedBefore);
        ArgumentNullException.ThrowIfNull(positions);
        lock (_gate)
        {
            if (_active.Count > 0 || _closedCount > 0)
            {
                throw new DomainException("Positions can only be adopted by a position manager that has none yet.");
            }
            foreach (var p in positions)
            {
                if (!p.IsOpen)
                {
                    throw new DomainException($"Position {p.Id} is not open and cannot be adopted.");
                }
                _active.Add(p);
                // The entry is not linked: its fills are already in the position, and a fill seen again must not count twice.
                Link(p.StopOrderId, p, OrderRole.Stop);
                Link(p.Tp1OrderId, p, OrderRole.TakeProfit1);
                Link(p.Tp2OrderId, p, OrderRole.TakeProfit2);
            }
            _activeCount = _active.Count;
            _closedCount = closedBefore;
            _realizedNetPnl = realizedNetBefore;
            Interlocked.Exchange(ref _lastFillSequence, lastFillSequence);
            var relinked = journalled is null ? 0 : RelinkJournalledLocked(journalled);
            if (relinked > 0)
            {
                _logger.LogWarning("{Count} order(s) whose link to their position was not stored were linked again from the order journal.", relinked);
            }
        }

        void Link(string? orderId, Position p, OrderRole role)
        {
            if (!string.IsNullOrEmpty(orderId))
            {
                _orders[orderId] = new OrderLink(p, role, null);
            }
        }
    }

    /// <summary>
    /// Links each journalled order whose tag names an adopted open position, unless it is linked already (its exchange id
    /// was stored with the position). Entries are linked too: their fills after the stored fill sequence are not in the
    /// position yet (a slice sent just before the stop), and fills before it are never handed out again. Returns how many.
    /// </summary>
    private int RelinkJournalledLocked(IReadOnlyList<JournalledOrder> journalled)
    {
        var relinked = 0;
        foreach (var order in journalled)
        {
            if (!OrderTag.TryParse(order.Tag, out var purpose, out var positionId, out var exitReason)
                || string.IsNullOrEmpty(order.ClientOrderId)
                || _byClientId.ContainsKey(order.ClientOrderId)
                || (order.OrderId is { Length: > 0 } known && _orders.ContainsKey(known)))
            {
                continue;
            }
            var position = _active.Find(p => p.Id == positionId);
            if (position is null)
            {
                continue;
            }
            var role = purpose switch
            {
                OrderTag.EntryPurpose => OrderRole.Entry,
                OrderTag.StopPurpose => OrderRole.Stop,
                OrderTag.TakeProfit1Purpose => OrderRole.TakeProfit1,
                OrderTag.TakeProfit2Purpose => OrderRole.TakeProfit2,
                _ => OrderRole.Exit,
            };
            var link = new OrderLink(position, role, role == OrderRole.Exit ? exitReason : null);
            _byClientId[order.ClientOrderId] = link;
            if (order.OrderId is { Length: > 0 } orderId)
            {
                _orders[orderId] = link;
                // A target placed after the position was last stored: it is the position's again (cancelled when it closes).
                if (role == OrderRole.TakeProfit1 && position is { Tp1OrderId: null, Tp1Done: false })
                {
                    position.Tp1OrderId = orderId;
                }
                else if (role == OrderRole.TakeProfit2 && position is { Tp2OrderId: null, Tp2Done: false })
                {
                    position.Tp2OrderId = orderId;
                }
            }
            relinked++;
        }
        return relinked;
    }

    /// <summary>
    /// Books quantity the exchange no longer holds (found by reconciliation: a stop or a manual close while the engine was
    /// away, whose fill the engine never saw) as an exit at <paramref name="price"/> without a fee. Returns true when the
    /// position is now closed; its resting orders are cancelled.
    /// </summary>
    public async ValueTask<bool> BookExternalExitAsync(string positionId, decimal quantity, decimal price, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        Position? closedPosition = null;
        lock (_gate)
        {
            var p = _active.FirstOrDefault(x => x.Id == positionId && x.IsOpen)
                ?? throw new DomainException($"No open position {positionId} to reconcile.");
            var qty = Math.Min(quantity, p.Quantity);
            if (qty <= 0)
            {
                return false;
            }
            if (p.ApplyExitFill(qty, price > 0 ? price : p.LastPrice, 0m, time, ExitReason.Reconciled, Position.ReconciledOrderId))
            {
                MarkClosedLocked(p);
                closedPosition = p;
            }
        }
        if (closedPosition is not null)
        {
            await CancelLeftoversAsync(cancellationToken);
            return true;
        }
        return false;
    }
}
