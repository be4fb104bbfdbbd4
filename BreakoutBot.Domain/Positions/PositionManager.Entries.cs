using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Domain.Positions;

/// <summary>
/// Entries: the price guard before sending, the entry with its attached stop (or its schedule of slices, see
/// PositionManager.Slices.cs), and entries whose outcome is not known yet.
/// </summary>
public sealed partial class PositionManager
{
    public async ValueTask<Position?> OpenAsync(ApprovedEntry entry, TradingPreset preset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(preset);
        _lastPreset = preset;
        var signal = entry.Signal;
        var id = _idPrefix + "pos" + Interlocked.Increment(ref _positionCounter).ToString(CultureInfo.InvariantCulture);
        var position = new Position(id, signal.InstrumentId, signal.Side, signal.Strategy.ToString(), signal.Id,
            entry.Quantity, signal.Entry, signal.StopLoss, signal.TakeProfit1, signal.TakeProfit2, _time.GetUtcNow());
        var market = _markets.GetMarket(signal.InstrumentId);
        var quote = EntryQuote(market, signal.Side);
        if (EntryPriceGuard.LeavesTooLittleRoom(signal, quote))
        {
            _logger.LogInformation("Entry for {Instrument} not taken: the market ({Quote}) is within half the planned stop distance of the stop {Stop}.", signal.InstrumentId, quote, signal.StopLoss);
            return null;
        }
        var plan = EntryPlanner.Plan(entry, preset.ExecutionConfig, market?.Instrument, market?.LiquidityBook, market?.Ticker);
        if (!plan.IsSingle)
        {
            return await OpenInSlicesAsync(position, entry, plan, preset, cancellationToken);
        }
        var request = _execution.PlanEntry(entry, id, preset.ExecutionConfig, market?.Instrument);
        lock (_gate)
        {
            // Known before anything is sent: a fill of the entry or of its attached stop is linked by client id even
            // when the answer to this request is lost.
            _byClientId[request.ClientOrderId] = new OrderLink(position, OrderRole.Entry, null);
            _entryClientIds[position.Id] = request.ClientOrderId;
            if (request.AttachedStop is { } stop)
            {
                _byClientId[stop.ClientOrderId] = new OrderLink(position, OrderRole.Stop, null);
                _attachedStops[position.Id] = stop.ClientOrderId;
            }
            _active.Add(position);
            _activeCount = _active.Count;
        }
        var result = await _execution.PlaceAsync(request, cancellationToken);
        if (result is { IsSuccess: true, Order: { } order })
        {
            lock (_gate)
            {
                position.EntryOrderId = order.OrderId;
                _orders[order.OrderId] = new OrderLink(position, OrderRole.Entry, null);
            }
            if (!order.IsOpen && order.FilledQuantity == 0)
            {
                Drop(position);
                _logger.LogInformation("Entry for {Instrument} not filled within the price guard (limit {Limit}); not taken.", signal.InstrumentId, request.Price);
                return null;
            }
        }
        else if (!result.IsTransient)
        {
            Drop(position);
            _logger.LogWarning("Entry for {Instrument} failed: {Error} {Message}", signal.InstrumentId, result.Error, result.Message);
            return null;
        }
        else
        {
            // The outcome is unknown: the position waits as opening; its fills are linked by client id, and the next pass
            // looks the entry up by that id.
            _logger.LogWarning("Entry for {Instrument} ({ClientOrderId}) has no known outcome ({Error}); it is looked up on the next pass.", signal.InstrumentId, request.ClientOrderId, result.Error);
        }
        await SyncFillsAsync(preset, cancellationToken);
        return position;
    }

    /// <summary>The price a long would buy at (ask) or a short sell at (bid), as last seen; else the last trade or close (0 when nothing is known).</summary>
    private static decimal EntryQuote(IMarketView? market, PositionSide side)
    {
        if (market?.Ticker is { } ticker)
        {
            var quote = side == PositionSide.Long ? ticker.Ask : ticker.Bid;
            return quote > 0 ? quote : ticker.Last;
        }
        return market?.LastCandle?.Close ?? 0m;
    }

    /// <summary>An entry that never filled: no longer active.</summary>
    private void Drop(Position position)
    {
        lock (_gate)
        {
            if (position.Status == PositionStatus.Opening)
            {
                position.MarkCancelled(_time.GetUtcNow());
            }
            _active.Remove(position);
            _activeCount = _active.Count;
        }
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
