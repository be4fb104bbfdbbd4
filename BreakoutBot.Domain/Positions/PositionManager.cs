using System.Buffers;
using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Domain.Positions;

/// <summary>
/// Owns the engine's positions. State changes come from exchange fills only; every exit is an order. An entry is an
/// immediate-or-cancel limit order carrying its stop, so the exchange protects the position the moment it fills;
/// then the TP1/TP2 take-profits are placed. Each open position keeps exactly one live reduce-only stop covering its
/// whole quantity (<see cref="EnsureProtectionAsync"/>): resized as the quantity changes, moved to breakeven after
/// TP1 and trailed by the chandelier exit, never cancelled while quantity remains, extras cancelled. If the price is
/// through the stop with the position still open the engine closes it at market.
/// </summary>
public sealed partial class PositionManager : IPositionManager
{
    private const int MaxClosedKept = 5000;
    private readonly IExchangeClient _exchange;
    private readonly IExecutionManager _execution;
    private readonly IMarketViewSource _markets;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<Position> _active = [];
    private readonly List<Position> _closed = [];
    private readonly List<Position> _closedUndrained = [];
    private int _undrained;
    private readonly Dictionary<string, OrderLink> _orders = new(StringComparer.Ordinal);
    // Every order the manager sent or prepared, by client id: fills and live orders are matched by it when the exchange id is unknown.
    private readonly Dictionary<string, OrderLink> _byClientId = new(StringComparer.Ordinal);
    // Client ids of each opening position's entry and of the stop attached to it, by position id.
    private readonly Dictionary<string, string> _entryClientIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _attachedStops = new(StringComparer.Ordinal);
    // Stops and targets of closed positions not yet confirmed cancelled, retried every pass.
    private readonly Dictionary<string, Leftover> _leftovers = new(StringComparer.Ordinal);
    private readonly string? _ownClientIdPrefix;
    // The preset of the last open or management pass (targets of entries that fill while flattening).
    private TradingPreset? _lastPreset;
    private long _lastFillSequence;
    private int _closedCount;
    private int _activeCount;
    private decimal _realizedNetPnl;
    private readonly string _idPrefix;
    private long _positionCounter;

    /// <param name="ownClientIdPrefix">
    /// The client-id prefix of every order this engine ever placed (all generations): a live stop with it on a position's
    /// instrument and side that no position claims (e.g. after a restart) is adopted rather than doubled. Null: none.
    /// </param>
    public PositionManager(IExchangeClient exchange, IExecutionManager execution, IMarketViewSource markets, TimeProvider time, ILogger<PositionManager>? logger = null, string positionIdPrefix = "", string? ownClientIdPrefix = null)
    {
        _ownClientIdPrefix = string.IsNullOrEmpty(ownClientIdPrefix) ? null : ownClientIdPrefix;
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

    public void AddActiveInstrumentIds(ICollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_gate)
        {
            foreach (var p in _active)
            {
                ids.Add(p.InstrumentId);
            }
        }
    }

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
                // An entry still executing counts at its approved size.
                var whole = p.IsOpen && !_schedules.ContainsKey(p.Id);
                var qty = whole ? p.Quantity : p.PlannedQuantity;
                var price = whole ? p.EntryPrice : p.PlannedEntry;
                entries.Add(new PortfolioEntry(p.InstrumentId, p.Side, qty * price, btcCorrelation(p.InstrumentId)));
            }
            return new PortfolioView(entries);
        }
    }

    public IReadOnlyList<Position> DrainClosed()
    {
        if (Volatile.Read(ref _undrained) == 0)
        {
            // Asked several times per cycle and mostly empty: answered without the lock (a position closed meanwhile is
            // drained by the next call).
            return [];
        }
        lock (_gate)
        {
            var list = _closedUndrained.ToList();
            _closedUndrained.Clear();
            Volatile.Write(ref _undrained, 0);
            return list;
        }
    }

    public async ValueTask<PositionManagementReport> ManageAsync(TradingPreset preset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preset);
        _lastPreset = preset;
        var fills = await SyncFillsAsync(preset, cancellationToken);
        await CancelLeftoversAsync(cancellationToken);
        var stopsMoved = 0;
        var exits = 0;
        var repaired = 0;
        var now = _time.GetUtcNow();
        var cfg = preset.PositionConfig;

        // The positions of this pass, in an array from the shared pool (a pass runs on every bar with a position); a pass
        // that throws leaves its array to the collector.
        Position[] rented;
        int count;
        lock (_gate)
        {
            count = _active.Count;
            if (count == 0)
            {
                rented = [];
            }
            else
            {
                rented = ArrayPool<Position>.Shared.Rent(count);
                _active.CopyTo(rented);
            }
        }
        if (count == 0)
        {
            return PositionManagementReport.Of(fills.Applied, 0, 0, fills.Closed, 0);
        }

        var openOrders = await _exchange.GetOpenOrdersAsync(cancellationToken);

        foreach (var position in new ArraySegment<Position>(rented, 0, count))
        {
            var slicing = HasSchedule(position);
            if (slicing)
            {
                // An entry in slices: the slice in flight is resolved and the next one sent when due (ADR-011).
                await AdvanceEntryAsync(position, preset, cancellationToken);
            }
            if (position.Status == PositionStatus.Opening)
            {
                if (!slicing)
                {
                    await CheckPendingEntryAsync(position, preset, cancellationToken);
                }
                continue;
            }
            if (!position.IsOpen)
            {
                continue;
            }
            // 0. Protection: exactly one live stop of this engine covering the whole quantity, at the engine's price.
            if (await EnsureStopAsync(position, openOrders, cancellationToken) is not null)
            {
                repaired++;
            }
            var market = _markets.GetMarket(position.InstrumentId);
            if (market is not null)
            {
                MarkToMarket(position, market);
            }

            // 1. The stop is enforced: through the stop with the position still open (at the freshest price: a live trade
            //    since the last bar closed counts) means the resting stop did not protect it (missing, rejected, or an
            //    exchange without stop orders), so close at market now.
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
            if (slicing && HasSchedule(position))
            {
                // Targets, breakeven and trailing start from the final quantity, once the entry schedule has ended.
                continue;
            }

            // 3. Breakeven for a TP1 that has no order (merged into TP2 below one lot, or its placement failed): the
            //    price reaching the TP1 level counts as TP1. After a TP1 fill whose breakeven waited (the market was
            //    through it), tried again.
            var tp1Reached = position.Tp1Done || Tp1ReachedWithoutOrder(position);
            if (!position.BreakevenMoved && tp1Reached)
            {
                var before = position.StopLoss;
                await OnTakeProfit1Async(position, preset, cancellationToken);
                stopsMoved += position.StopLoss != before ? 1 : 0;
            }

            // 4. Trailing: after TP1 (or breakeven) the stop follows the chandelier exit, never loosening.
            if (cfg.TrailingEnabled && (tp1Reached || position.BreakevenMoved) && market is not null
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
                    if (belowMarket && position.TightenStop(candidate, false, true, _time.GetUtcNow()))
                    {
                        await MoveStopOrderAsync(position, cancellationToken);
                        stopsMoved++;
                    }
                }
            }
        }
        ArrayPool<Position>.Shared.Return(rented, clearArray: true);

        var after = await SyncFillsAsync(preset, cancellationToken);
        return PositionManagementReport.Of(fills.Applied + after.Applied, stopsMoved, exits, fills.Closed + after.Closed, repaired);
    }

    /// <summary>TP1 has no live order of its own and the best price since the entry has reached its level.</summary>
    private static bool Tp1ReachedWithoutOrder(Position position) =>
        position.Tp1OrderId is null && position.TakeProfit1 > 0 && position.Direction * (position.BestPrice - position.TakeProfit1) >= 0;
}
