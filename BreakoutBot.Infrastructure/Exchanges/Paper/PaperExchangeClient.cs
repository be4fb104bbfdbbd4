using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>
/// A simulated exchange for linear USDT-margined swaps: one-way net positions per instrument, quantities in coins,
/// everything in <see cref="decimal"/>, fully deterministic (ids are counters, no randomness).
/// </summary>
/// <remarks>
/// <para><b>Prices.</b> Each instrument has a last/mark price, set by <see cref="SetMarkPrice"/> or by the close of
/// the bar given to <see cref="OnCandle"/>. Without one, market orders are rejected with
/// <see cref="ExchangeErrorCode.NoMarketPrice"/>.</para>
/// <para><b>Fills.</b> Taker fills are priced by <see cref="PaperCostModel"/> (ADR-007): market orders fill in full at
/// once at the last price moved by half the spread and the slippage against the trader (buys higher, sells lower),
/// rounded to the tick against the trader, and pay the taker fee. Limit prices are rounded to the tick in the trader's
/// favour when placed (as the OKX adapter sends them). A limit that reaches the touch is marketable and takes, as a
/// taker, only the quantity whose marginal price stays within its limit (rounded down to the lot step): an
/// immediate-or-cancel limit then ends cancelled with what filled (OKX's partially filled IOC), a good-till-cancel
/// limit rests with the rest. A limit that is not marketable rests (an immediate-or-cancel one is cancelled unfilled)
/// and, when a later bar trades strictly through its price, fills in full at exactly its price with the maker fee (a
/// post-only limit that is marketable when placed is cancelled unfilled instead). Stop and take-profit orders rest until a bar's high/low reaches
/// the trigger; a stop then fills at the trigger, or at the bar's open when the bar opened beyond it (a gap), with
/// slippage and the taker fee; a take-profit fills at its trigger with slippage and the taker fee (never at a
/// better gap price: pessimistic). Orders already triggered when placed or amended fill at once at the slipped
/// last price (take-profits at their slipped trigger).</para>
/// <para><b>Order of events inside one bar</b> (pessimistic and deterministic): per instrument resting entry limits
/// (not reduce-only) are evaluated first, then all stop orders, then take-profit and reduce-only limit orders, each
/// group in placement order (an entry limit rests between the market and its stop, so a bar reaching the stop passed it). So when a stop and a
/// take-profit of the same position are both inside the bar's range, the stop fills and the take-profit finds the
/// position closed. A stop created by an entry that filled in the bar (an attached stop) joins the bar's stops, and a
/// resting entry that adds to a position grows the instrument's stops to the whole position when it fills (as the
/// engine resizes them live), so a bar reaching the stop after an entry filled in it closes all of the position.</para>
/// <para><b>Reduce-only.</b> Rejected with <see cref="ExchangeErrorCode.ReduceOnlyWouldIncrease"/> when there is no
/// opposite position to reduce; trimmed to the position size when larger. After every fill, open reduce-only
/// orders of that instrument are cut to the remaining position and cancelled when it is flat or has flipped to
/// their side.</para>
/// <para><b>Margin</b> (a simple cross-margin model): an order that would open or increase a position is rejected
/// with <see cref="ExchangeErrorCode.InsufficientMargin"/> when the notional of all positions after the fill
/// divided by <see cref="PaperExchangeOptions.Leverage"/> exceeds the equity after the fill (including its fee).
/// Resting orders are checked when placed (at their limit/trigger price) and again when they fill; a resting order
/// that fails the check at fill time is marked <see cref="OrderStatus.Rejected"/>.</para>
/// <para><b>Accounting.</b> Cash = starting balance + realised P&amp;L − fees. Realised P&amp;L when reducing is
/// (exit − average entry)·quantity for longs, mirrored for shorts; the average entry is quantity-weighted on
/// increases; a fill larger than the position closes it and opens the rest the other way at the fill price.
/// Equity = cash + unrealised P&amp;L at the mark prices. Fees, realised and unrealised P&amp;L are rounded to 10
/// decimals so that sums are exact; fill prices lie on the tick, average entries are not rounded.</para>
/// <para>A single lock guards all state; every call is short and never awaits.</para>
/// </remarks>
public sealed partial class PaperExchangeClient : IExchangeClient
{
    private const decimal BasisPoints = 10_000m;

    /// <summary>Realised P&amp;L, fees and unrealised P&amp;L are booked to this many decimals so sums stay exact.</summary>
    private const int AccountingDecimals = 10;

    private readonly Lock _gate = new();
    private readonly Func<string, Instrument?> _instrumentLookup;
    private readonly TimeProvider _timeProvider;
    private readonly PaperExchangeOptions _options;
    private readonly Dictionary<string, PaperOrder> _ordersById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PaperOrder> _ordersByClientId = new(StringComparer.Ordinal);
    private readonly List<PaperOrder> _openOrders = [];
    // The orders a bar evaluates, reused bar after bar (only under the gate, never re-entered).
    private readonly List<PaperOrder> _restingScratch = [];
    // The last balance answered: asked on every cycle and unchanged while nothing moves, so it is answered again.
    private AccountBalance? _lastBalance;
    // Set by everything that can move the balance (a fill, funding, a mark price of an open position, a restore); while
    // clear, the last balance is answered without adding the positions up again.
    private bool _balanceMoved = true;
    // Positions with a quantity (their mark prices move the balance).
    private int _openPositions;
    private readonly List<Fill> _fills = [];
    // Every position the account has held, in the order each instrument first traded (each also on its instrument's
    // state, which is where one is looked up): the balance and the position list walk them in this order.
    private readonly List<PaperPosition> _positions = [];
    // Each instrument's last price, funding clock, position and count of resting orders: one lookup per bar, none for a
    // driver that holds them (MarketFor).
    private readonly Dictionary<string, PaperMarket> _markets = new(StringComparer.Ordinal);
    private long _orderCounter;
    private long _fillBase;
    private decimal _cash;
    private decimal _realizedPnl;
    private decimal _feesPaid;

    public PaperExchangeClient(IEnumerable<Instrument> instruments, TimeProvider timeProvider, PaperExchangeOptions? options = null)
        : this(BuildLookup(instruments), timeProvider, options)
    {
    }

    public PaperExchangeClient(Func<string, Instrument?> instrumentLookup, TimeProvider timeProvider, PaperExchangeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(instrumentLookup);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _instrumentLookup = instrumentLookup;
        _timeProvider = timeProvider;
        _options = options ?? new PaperExchangeOptions();
        if (_options.StartingBalance <= 0 || _options.Leverage <= 0 || _options.SlippageBps < 0 || _options.TakerFeeBps < 0
            || _options.DepthImpactBps < 0 || _options.MaxSlippageBps < 0 || _options.DefaultSpreadBps < 0 || _options.FundingIntervalHours is < 1 or > 24)
        {
            throw new ArgumentException(
                "Paper exchange options: StartingBalance and Leverage must be positive, SlippageBps, DepthImpactBps, MaxSlippageBps, DefaultSpreadBps and TakerFeeBps not negative, FundingIntervalHours 1 to 24.",
                nameof(options));
        }
        if (string.IsNullOrWhiteSpace(_options.Currency))
        {
            throw new ArgumentException("Paper exchange options: Currency is required.", nameof(options));
        }
        _cash = _options.StartingBalance;
        _costModel = new PaperCostModel(_options);
    }

    public string Name => "paper";

    /// <summary>
    /// Zero while the account is marked to live ticks; the bar's length when a driver feeds it whole bars (a replay, an
    /// engine on a stored data set: <see cref="BreakoutBot.Infrastructure.Replay.ReplayPaper"/> sets it), whose resting orders are matched against
    /// the bar's whole range.
    /// </summary>
    public TimeSpan RestingFillResolution { get; set; }

    /// <summary>
    /// Sets the last/mark price of an instrument (a tick from a live feed, or a test). Resting orders are evaluated
    /// against it as against a bar whose open, high and low are all this price, so stops trigger on ticks too.
    /// </summary>
    public void SetMarkPrice(string instrumentId, decimal price)
    {
        if (price <= 0)
        {
            throw new DomainException($"Mark price of {instrumentId} must be positive (was {price.ToString(CultureInfo.InvariantCulture)}).");
        }
        lock (_gate)
        {
            ApplyPrices(MarketOf(instrumentId), price, price, price, price, _timeProvider.GetUtcNow());
        }
    }

    /// <summary>The current last/mark price of an instrument, or null before the first price.</summary>
    public decimal? GetMarkPrice(string instrumentId)
    {
        lock (_gate)
        {
            return TryGetLastPrice(instrumentId, out var price) ? price : null;
        }
    }

    /// <summary>
    /// Puts the account back as it was stored before a restart: cash, realised P&amp;L and fees, net positions and the
    /// orders still resting (stops and take-profits keep their ids, so the engine's links to them hold). Order ids and
    /// fill sequences carry on after the stored ones. Only on a fresh account that has not traded.
    /// </summary>
    public void Restore(PaperAccountState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            if (_ordersById.Count > 0 || _fills.Count > 0 || _positions.Count > 0)
            {
                throw new InvalidOperationException("Only an account that has not traded can be restored.");
            }
            _cash = state.Cash;
            _realizedPnl = state.RealizedPnl;
            _feesPaid = state.FeesPaid;
            _orderCounter = state.LastOrderNumber;
            _fillBase = state.LastFillSequence;
            _balanceMoved = true;
            foreach (var p in state.Positions)
            {
                RequireInstrument(p.InstrumentId);
                if (p.Quantity != 0)
                {
                    var position = new PaperPosition { InstrumentId = p.InstrumentId, Quantity = p.Quantity, AverageEntryPrice = p.AverageEntryPrice };
                    SetPosition(MarketOf(p.InstrumentId), position);
                    _openPositions++;
                }
            }
            foreach (var o in state.OpenOrders.Where(o => o.IsOpen))
            {
                RequireInstrument(o.InstrumentId);
                var order = new PaperOrder
                {
                    OrderId = o.OrderId,
                    ClientOrderId = o.ClientOrderId,
                    InstrumentId = o.InstrumentId,
                    Side = o.Side,
                    Type = o.Type,
                    Quantity = o.Quantity,
                    Price = o.Price,
                    TriggerPrice = o.TriggerPrice,
                    ReduceOnly = o.ReduceOnly,
                    Status = o.Status,
                    FilledQuantity = o.FilledQuantity,
                    AverageFillPrice = o.AverageFillPrice,
                    Fee = o.Fee,
                    CreatedAt = o.CreatedAt,
                    UpdatedAt = o.UpdatedAt,
                    Tag = o.Tag,
                };
                _ordersById[order.OrderId] = order;
                _ordersByClientId[order.ClientOrderId] = order;
                AddOpen(order);
            }
        }
    }

    public ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            return ValueTask.FromResult(Place(request));
        }
    }

    public ValueTask<OrderResult> CancelOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var order = FindOpenOrder(instrumentId, orderId);
            if (order is null)
            {
                return ValueTask.FromResult(OrderResult.Fail(ExchangeErrorCode.OrderNotFound, $"No open order {orderId} on {instrumentId}."));
            }
            Close(order, OrderStatus.Cancelled, null);
            return ValueTask.FromResult(OrderResult.Ok(order.ToOrder()));
        }
    }

    public ValueTask<OrderResult> AmendOrderAsync(
        string instrumentId,
        string orderId,
        decimal? newPrice,
        decimal? newTriggerPrice,
        CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(Amend(instrumentId, orderId, newPrice, newTriggerPrice));
        }
    }

    public ValueTask<OrderResult> ResizeOrderAsync(string instrumentId, string orderId, decimal newQuantity, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(Resize(instrumentId, orderId, newQuantity));
        }
    }

    public ValueTask<Order?> GetOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var found = _ordersById.TryGetValue(orderId, out var order) && order.InstrumentId == instrumentId;
            return ValueTask.FromResult(found ? order!.ToOrder() : null);
        }
    }

    public ValueTask<Order?> GetOrderByClientIdAsync(string instrumentId, string clientOrderId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var found = _ordersByClientId.TryGetValue(clientOrderId, out var order) && order.InstrumentId == instrumentId;
            return ValueTask.FromResult(found ? order!.ToOrder() : null);
        }
    }

    public ValueTask<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Asked on every management pass; each order's snapshot is kept until the order changes.
            var open = _openOrders.Count == 0 ? [] : new Order[_openOrders.Count];
            for (var i = 0; i < open.Length; i++)
            {
                open[i] = _openOrders[i].ToOrder();
            }
            return ValueTask.FromResult<IReadOnlyList<Order>>(open);
        }
    }

    public ValueTask<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Sequence n is stored at index n - 1 - _fillBase (fills before a restore are not kept).
            var start = (int)Math.Clamp(afterSequence - _fillBase, 0, _fills.Count);
            // Asked on every management pass: nothing new is the usual answer and allocates nothing.
            IReadOnlyList<Fill> fills = start == _fills.Count ? [] : _fills.GetRange(start, _fills.Count - start).ToArray();
            return ValueTask.FromResult(fills);
        }
    }

    public ValueTask<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ExchangePosition> positions = _positions
                .Where(p => p.Quantity != 0)
                .OrderBy(p => p.InstrumentId, StringComparer.Ordinal)
                .Select(p => new ExchangePosition(p.InstrumentId, p.Quantity, p.AverageEntryPrice, Unrealized(p), p.RealizedPnl))
                .ToArray();
            return ValueTask.FromResult(positions);
        }
    }

    public ValueTask<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_balanceMoved && _lastBalance is { } unchanged)
            {
                return ValueTask.FromResult(unchanged);
            }
            var unrealized = 0m;
            foreach (var position in _positions)
            {
                unrealized += Unrealized(position);
            }
            var last = _lastBalance;
            var equity = _cash + unrealized;
            if (last is null || !Same(last.Cash, _cash) || !Same(last.UnrealizedPnl, unrealized) || !Same(last.RealizedPnl, _realizedPnl)
                || !Same(last.FeesPaid, _feesPaid) || !Same(last.Equity, equity))
            {
                last = new AccountBalance(_options.Currency, _cash, equity, unrealized, _realizedPnl, _feesPaid);
                _lastBalance = last;
            }
            _balanceMoved = false;
            return ValueTask.FromResult(last);
        }
    }

    private static Func<string, Instrument?> BuildLookup(IEnumerable<Instrument> instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var byId = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        foreach (var instrument in instruments)
        {
            if (!byId.TryAdd(instrument.Id, instrument))
            {
                throw new ArgumentException($"Instrument {instrument.Id} is listed twice.", nameof(instruments));
            }
        }
        return id => byId.GetValueOrDefault(id);
    }

    private decimal MarkOf(PaperPosition position) =>
        TryGetLastPrice(position.InstrumentId, out var mark) ? mark : position.AverageEntryPrice;

    private decimal Unrealized(PaperPosition position) =>
        position.Quantity == 0 ? 0m : Book(position.Quantity * (MarkOf(position) - position.AverageEntryPrice));

    // Equal and written the same way (1.0 and 1.00 are equal but print differently).
    private static bool Same(decimal a, decimal b) => a == b && a.Scale == b.Scale;

    private static decimal Book(decimal amount) => decimal.Round(amount, AccountingDecimals, MidpointRounding.ToEven);

    private PaperOrder? FindOpenOrder(string instrumentId, string orderId) =>
        _ordersById.TryGetValue(orderId, out var order) && order.InstrumentId == instrumentId && order.IsOpen ? order : null;

    private void Close(PaperOrder order, OrderStatus status, string? reason)
    {
        order.Status = status;
        order.RejectReason = reason;
        order.UpdatedAt = _timeProvider.GetUtcNow();
        RemoveOpen(order);
    }

    // The open list and each instrument's count of it change together (a bar skips an instrument with no open order).
    private void AddOpen(PaperOrder order)
    {
        _openOrders.Add(order);
        MarketOf(order.InstrumentId).OpenOrders++;
    }

    private void RemoveOpen(PaperOrder order)
    {
        if (_openOrders.Remove(order))
        {
            MarketOf(order.InstrumentId).OpenOrders--;
        }
    }

    private void RequireInstrument(string instrumentId)
    {
        if (_instrumentLookup(instrumentId) is null)
        {
            throw new DomainException($"Paper exchange: unknown instrument '{instrumentId}'.");
        }
    }

    private static OrderResult Invalid(string message) => OrderResult.Fail(ExchangeErrorCode.InvalidRequest, message);

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
