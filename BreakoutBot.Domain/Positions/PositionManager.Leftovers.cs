using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Domain.Positions;

/// <summary>The stops and targets of closed positions, cancelled pass after pass until confirmed.</summary>
public sealed partial class PositionManager
{
    /// <summary>
    /// Cancels the stops and targets of closed positions, retrying on every pass until each is confirmed gone, so an old
    /// stop never lingers beside a later position's stop. A stop is kept while the exchange holds quantity on its
    /// instrument that the engine's positions do not account for: it is never cancelled while quantity remains.
    /// </summary>
    private ValueTask CancelLeftoversAsync(CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, Leftover>> pending;
        lock (_gate)
        {
            // Asked on every management pass, and usually nothing is left: no list and no asynchronous pass then.
            if (_leftovers.Count == 0)
            {
                return ValueTask.CompletedTask;
            }
            pending = [.. _leftovers];
        }
        return CancelLeftoversAsync(pending, cancellationToken);
    }

    private async ValueTask CancelLeftoversAsync(List<KeyValuePair<string, Leftover>> pending, CancellationToken cancellationToken)
    {
        IReadOnlyList<ExchangePosition>? held = null;
        if (pending.Any(l => l.Value.IsStop))
        {
            try
            {
                held = await _exchange.GetPositionsAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning("Positions could not be read ({Message}); stops of closed positions are kept until the next pass.", ex.Message);
            }
        }
        foreach (var (id, leftover) in pending)
        {
            if (leftover.IsStop && (held is null || Unaccounted(leftover.InstrumentId, held) != 0))
            {
                continue;
            }
            if (await TryCancelAsync(leftover.InstrumentId, id, cancellationToken))
            {
                lock (_gate)
                {
                    _leftovers.Remove(id);
                }
            }
        }
    }

    /// <summary>The exchange's net quantity on an instrument minus what the engine's open positions hold there.</summary>
    private decimal Unaccounted(string instrumentId, IReadOnlyList<ExchangePosition> held)
    {
        var exchange = held.Where(h => h.InstrumentId == instrumentId).Sum(h => h.Quantity);
        lock (_gate)
        {
            return exchange - _active.Where(p => p.IsOpen && p.InstrumentId == instrumentId).Sum(p => p.Direction * p.Quantity);
        }
    }

    /// <summary>True when the order is no longer live (it was, or now is, cancelled or done); false when that is not certain.</summary>
    private async ValueTask<bool> TryCancelAsync(string instrumentId, string orderId, CancellationToken cancellationToken)
    {
        try
        {
            var order = await _exchange.GetOrderAsync(instrumentId, orderId, cancellationToken);
            if (order is not { IsOpen: true })
            {
                return true;
            }
            var result = await _execution.CancelAsync(instrumentId, orderId, cancellationToken);
            return result.IsSuccess || result.Error == ExchangeErrorCode.OrderNotFound;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning("Cancelling {OrderId} on {Instrument} is not confirmed ({Message}); retried on the next pass.", orderId, instrumentId, ex.Message);
            return false;
        }
    }

    /// <summary>A stop or target of a closed position still to be cancelled.</summary>
    private sealed record Leftover(string InstrumentId, bool IsStop);
}
