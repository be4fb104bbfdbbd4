using BreakoutBot.Domain.Common;
using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Domain.Positions;

/// <summary>
/// Owns the engine's positions. State changes come from exchange fills only; every exit is an order. After the
/// entry fills, a reduce-only stop and the TP1/TP2 take-profits rest on the exchange; the stop is moved to
/// breakeven after TP1 and trails by the chandelier exit; if the stop order is missing it is re-placed, and if the
/// price is through the stop with the position still open the engine closes it at market.
/// </summary>
public sealed class PositionManager : IPositionManager
{
    private const int MaxClosedKept = 5000;
    private readonly IExchangeClient _exchange;
    private readonly IExecutionManager _execution;
    private readonly IMarketViewSource _markets;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly List<Position> _active = [];
    private readonly List<Position> _closed = [];
    private readonly List<Position> _closedUndrained = [];
    private readonly Dictionary<string, OrderLink> _orders = new(StringComparer.Ordinal);
    private long _lastFillSequence;
    private int _closedCount;
    private int _activeCount;
    private decimal _realizedNetPnl;
    private readonly string _idPrefix;
    private long _positionCounter;

    public PositionManager(IExchangeClient exchange, IExecutionManager execution, IMarketViewSource markets, TimeProvider time, ILogger<PositionManager>? logger = null, string positionIdPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(positionIdPrefix);
        _idPrefix = positionIdPrefix;
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(time);
        _exchange = exchange;
        _execution = execution;
        _markets = markets;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    private enum OrderRole
    {
        Entry,
        Stop,
        TakeProfit1,
        TakeProfit2,
        Exit,
    }

    public IReadOnlyList<Position> OpenPositions
    {
        get
        {
            lock (_gate)
            {
                return _active.Where(p => p.IsOpen).ToList();
            }
        }
    }

    public IReadOnlyList<Position> ClosedPositions
    {
        get
        {
            lock (_gate)
            {
                return [.. _closed];
            }
        }
    }

    public int ClosedCount => Volatile.Read(ref _closedCount);

    public decimal RealizedNetPnl
    {
        get
        {
            lock (_gate)
            {
                return _realizedNetPnl;
            }
        }
    }

    public int ActiveCount => Volatile.Read(ref _activeCount);

    /// <summary>The fill sequence already applied (fills after it are new).</summary>
    public long LastFillSequence => Interlocked.Read(ref _lastFillSequence);

    public PortfolioView Portfolio(Func<string, double> btcCorrelation)
    {
        ArgumentNullException.ThrowIfNull(btcCorrelation);
        lock (_gate)
        {
            var entries = new List<PortfolioEntry>(_active.Count);
            foreach (var p in _active)
            {
                var qty = p.IsOpen ? p.Quantity : p.PlannedQuantity;
                var price = p.IsOpen ? p.EntryPrice : p.PlannedEntry;
                entries.Add(new PortfolioEntry(p.InstrumentId, p.Side, qty * price, btcCorrelation(p.InstrumentId)));
            }
            return new PortfolioView(entries);
        }
    }

    public IReadOnlyList<Position> DrainClosed()
    {
        lock (_gate)
        {
            if (_closedUndrained.Count == 0)
            {
                return [];
            }
            var list = _closedUndrained.ToList();
            _closedUndrained.Clear();
            return list;
        }
    }

    /// <summary>
    /// Takes over open positions restored after a restart, with their resting stop and take-profit orders, and the fill
    /// sequence already applied to them. Only before the first cycle: the manager must not hold positions yet.
    /// </summary>
    public void Adopt(IReadOnlyList<Position> positions, long lastFillSequence)
    {
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
            Interlocked.Exchange(ref _lastFillSequence, lastFillSequence);
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
            if (p.ApplyExitFill(qty, price > 0 ? price : p.LastPrice, 0m, time, ExitReason.Reconciled, "reconciliation"))
            {
                _active.Remove(p);
                _activeCount = _active.Count;
                _closed.Add(p);
                _closedUndrained.Add(p);
                _closedCount++;
                _realizedNetPnl += p.NetRealizedPnl;
                closedPosition = p;
            }
        }
        if (closedPosition is not null)
        {
            await CancelRestingAsync(closedPosition, cancellationToken);
            return true;
        }
        return false;
    }

    public async ValueTask<Position?> OpenAsync(ApprovedEntry entry, TradingPreset preset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(preset);
        var signal = entry.Signal;
        var id = _idPrefix + "pos" + Interlocked.Increment(ref _positionCounter).ToString(CultureInfo.InvariantCulture);
        var position = new Position(id, signal.InstrumentId, signal.Side, signal.Strategy.ToString(), signal.Id,
            entry.Quantity, signal.Entry, signal.StopLoss, signal.TakeProfit1, signal.TakeProfit2, _time.GetUtcNow());
        var result = await _execution.ExecuteEntryAsync(entry, id, cancellationToken);
        if (!result.IsSuccess || result.Order is null)
        {
            position.MarkCancelled(_time.GetUtcNow());
            _logger.LogWarning("Entry for {Instrument} failed: {Error} {Message}", signal.InstrumentId, result.Error, result.Message);
            return null;
        }
        lock (_gate)
        {
            position.EntryOrderId = result.Order.OrderId;
            _orders[result.Order.OrderId] = new OrderLink(position, OrderRole.Entry, null);
            _active.Add(position);
            _activeCount = _active.Count;
        }
        await SyncFillsAsync(preset, cancellationToken);
        return position;
    }

    public async ValueTask<PositionManagementReport> ManageAsync(TradingPreset preset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var fills = await SyncFillsAsync(preset, cancellationToken);
        var stopsMoved = 0;
        var exits = 0;
        var repaired = 0;
        var now = _time.GetUtcNow();
        var cfg = preset.PositionConfig;

        List<Position> snapshot;
        lock (_gate)
        {
            snapshot = [.. _active];
        }
        if (snapshot.Count == 0)
        {
            return new PositionManagementReport(fills.Applied, 0, 0, fills.Closed, 0);
        }

        var openOrders = await _exchange.GetOpenOrdersAsync(cancellationToken);
        var openIds = new HashSet<string>(openOrders.Select(o => o.OrderId), StringComparer.Ordinal);

        foreach (var position in snapshot)
        {
            if (position.Status == PositionStatus.Opening)
            {
                await CheckPendingEntryAsync(position, cancellationToken);
                continue;
            }
            if (!position.IsOpen)
            {
                continue;
            }
            var market = _markets.GetMarket(position.InstrumentId);
            if (market?.LastCandle is { } bar)
            {
                position.Mark(bar.Close, bar.High, bar.Low);
            }

            // 1. The stop is enforced: through the stop with the position still open means the resting stop did not
            //    protect it (missing, rejected, or an exchange without stop orders), so close at market now.
            if (position.Direction * (position.LastPrice - position.StopLoss) <= 0)
            {
                _logger.LogWarning("{Position} {Instrument}: price {Price} is through the stop {Stop}; closing at market.", position.Id, position.InstrumentId, position.LastPrice, position.StopLoss);
                await ExitAsync(position, position.StopExitReason, cancellationToken);
                exits++;
                continue;
            }

            // 2. Time rules.
            var age = position.Age(now);
            ExitReason? timeExit = null;
            if (age >= TimeSpan.FromHours(cfg.MaxHoldTimeHours))
            {
                timeExit = ExitReason.MaxHoldTime;
            }
            else if (cfg.TimeStopMinutes is { } tsm && tsm > 0 && age >= TimeSpan.FromMinutes(tsm) && !position.Tp1Done)
            {
                timeExit = ExitReason.TimeStop;
            }
            else if (cfg.NoProgressHours > 0 && age >= TimeSpan.FromHours(cfg.NoProgressHours) && !position.Tp1Done && position.PriceR < cfg.NoProgressMinR)
            {
                timeExit = ExitReason.NoProgress;
            }
            if (timeExit is { } reason)
            {
                await ExitAsync(position, reason, cancellationToken);
                exits++;
                continue;
            }

            // 3. Trailing: after TP1 (or breakeven) the stop follows the chandelier exit, never loosening.
            if (cfg.TrailingEnabled && (position.Tp1Done || position.BreakevenMoved) && market is not null
                && market.TryGetChandelier(out var longStop, out var shortStop))
            {
                var instrument = market.Instrument;
                var raw = position.Side == PositionSide.Long ? longStop : shortStop;
                if (double.IsFinite(raw) && raw > 0)
                {
                    var candidate = position.Side == PositionSide.Long
                        ? instrument.RoundPriceDown((decimal)raw)
                        : instrument.RoundPriceUp((decimal)raw);
                    var belowMarket = position.Direction * (position.LastPrice - candidate) > 0;
                    if (belowMarket && position.TightenStop(candidate, false, true))
                    {
                        await MoveStopOrderAsync(position, cancellationToken);
                        stopsMoved++;
                    }
                }
            }

            // 4. Repair: the stop must rest on the exchange.
            if (position.StopOrderId is null || !openIds.Contains(position.StopOrderId))
            {
                if (position.IsOpen && await PlaceStopAsync(position, cancellationToken))
                {
                    repaired++;
                }
            }
        }

        var after = await SyncFillsAsync(preset, cancellationToken);
        return new PositionManagementReport(fills.Applied + after.Applied, stopsMoved, exits, fills.Closed + after.Closed, repaired);
    }

    public async ValueTask<int> FlattenAllAsync(ExitReason reason, CancellationToken cancellationToken = default)
    {
        List<Position> snapshot;
        lock (_gate)
        {
            snapshot = [.. _active];
        }
        var n = 0;
        foreach (var position in snapshot)
        {
            if (position.Status == PositionStatus.Opening && position.EntryOrderId is { } entryId)
            {
                await _execution.CancelAsync(position.InstrumentId, entryId, cancellationToken);
                continue;
            }
            if (position.IsOpen)
            {
                await ExitAsync(position, reason, cancellationToken);
                n++;
            }
        }
        return n;
    }

    /// <summary>Applies every new exchange fill to its position; places protection for newly opened positions.</summary>
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
                    if (!_orders.TryGetValue(fill.OrderId, out var link))
                    {
                        continue;
                    }
                    var p = link.Position;
                    applied++;
                    if (link.Role == OrderRole.Entry)
                    {
                        var wasOpen = p.IsOpen;
                        p.ApplyEntryFill(fill.Quantity, fill.Price, fill.Fee, fill.Time);
                        if (!wasOpen)
                        {
                            newlyOpened.Add(p);
                        }
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
                    var isClosed = p.ApplyExitFill(qty, fill.Price, fill.Fee, fill.Time, reason, fill.OrderId);
                    if (isClosed)
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
                        justClosed.Add(p);
                        closed++;
                    }
                    else if (reason == ExitReason.TakeProfit1)
                    {
                        tp1Hit.Add(p);
                    }
                }
            }
            foreach (var p in newlyOpened)
            {
                await ProtectAsync(p, preset, cancellationToken);
            }
            foreach (var p in tp1Hit)
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

    private async ValueTask CheckPendingEntryAsync(Position position, CancellationToken cancellationToken)
    {
        if (position.EntryOrderId is null)
        {
            return;
        }
        var order = await _exchange.GetOrderAsync(position.InstrumentId, position.EntryOrderId, cancellationToken);
        if (order is null || order.Status is OrderStatus.Cancelled or OrderStatus.Rejected)
        {
            lock (_gate)
            {
                if (position.Status == PositionStatus.Opening)
                {
                    position.MarkCancelled(_time.GetUtcNow());
                    _active.Remove(position);
                    _activeCount = _active.Count;
                }
            }
        }
    }

    private async ValueTask ProtectAsync(Position position, TradingPreset preset, CancellationToken cancellationToken)
    {
        var market = _markets.GetMarket(position.InstrumentId);
        var instrument = market?.Instrument;
        var cfg = preset.PositionConfig;
        var risk = Math.Abs(position.EntryPrice - position.InitialStop);

        // An entry that filled at or beyond its stop has no room: close it rather than leave it unprotected.
        if (position.Direction * (position.EntryPrice - position.StopLoss) <= 0 || risk == 0)
        {
            await ExitAsync(position, ExitReason.StopLoss, cancellationToken);
            return;
        }
        var dir = position.Direction;
        var tp1 = position.EntryPrice + (dir * risk * (decimal)cfg.Tp1R);
        var tp2 = position.EntryPrice + (dir * risk * (decimal)cfg.Tp2R);
        if (instrument is not null)
        {
            tp1 = instrument.RoundPrice(tp1);
            tp2 = instrument.RoundPrice(tp2);
        }
        position.SetTargets(tp1, tp2);
        await PlaceStopAsync(position, cancellationToken);

        if (instrument is null)
        {
            return;
        }
        var tp1Qty = instrument.RoundQuantityDown(position.EntryQuantity * (decimal)cfg.Tp1SizePct);
        var tp2Qty = instrument.RoundQuantityDown(position.EntryQuantity * (decimal)cfg.Tp2SizePct);
        if (tp1Qty > position.Quantity)
        {
            tp1Qty = position.Quantity;
        }
        if (tp1Qty + tp2Qty > position.Quantity)
        {
            tp2Qty = position.Quantity - tp1Qty;
        }
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
        if (position.TightenStop(be, true, false))
        {
            await MoveStopOrderAsync(position, cancellationToken);
        }
    }

    private async ValueTask MoveStopOrderAsync(Position position, CancellationToken cancellationToken)
    {
        if (position.StopOrderId is { } id)
        {
            var r = await _execution.AmendTriggerAsync(position.InstrumentId, id, position.StopLoss, cancellationToken);
            if (r.IsSuccess)
            {
                return;
            }
            _logger.LogWarning("{Position}: amending the stop failed ({Error}); replacing it.", position.Id, r.Error);
            await _execution.CancelAsync(position.InstrumentId, id, cancellationToken);
        }
        await PlaceStopAsync(position, cancellationToken);
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

    private async ValueTask ExitAsync(Position position, ExitReason reason, CancellationToken cancellationToken)
    {
        await CancelRestingAsync(position, cancellationToken);
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
        var result = await _execution.PlaceAsync(request, cancellationToken);
        if (!result.IsSuccess || result.Order is null)
        {
            _logger.LogError("{Position}: exit order ({Reason}) failed: {Error} {Message}; the stop will be re-placed.", position.Id, reason, result.Error, result.Message);
            return;
        }
        lock (_gate)
        {
            _orders[result.Order.OrderId] = new OrderLink(position, OrderRole.Exit, reason);
        }
    }

    private async ValueTask CancelRestingAsync(Position position, CancellationToken cancellationToken)
    {
        foreach (var id in new[] { position.StopOrderId, position.Tp1OrderId, position.Tp2OrderId })
        {
            if (id is null)
            {
                continue;
            }
            var order = await _exchange.GetOrderAsync(position.InstrumentId, id, cancellationToken);
            if (order is { IsOpen: true })
            {
                await _execution.CancelAsync(position.InstrumentId, id, cancellationToken);
            }
        }
        position.StopOrderId = null;
        position.Tp1OrderId = position.Tp1Done ? position.Tp1OrderId : null;
        position.Tp2OrderId = position.Tp2Done ? position.Tp2OrderId : null;
    }

    private sealed record OrderLink(Position Position, OrderRole Role, ExitReason? ExitReason);
}
