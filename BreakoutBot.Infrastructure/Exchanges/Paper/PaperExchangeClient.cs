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
/// <para><b>Fills.</b> Market orders fill in full at once at the last price moved by
/// <see cref="PaperExchangeOptions.SlippageBps"/> against the trader (buys higher, sells lower) and pay the taker
/// fee. A limit order at or through the last price is marketable and fills at once as a taker at the better of its
/// limit and the slipped last price; otherwise it rests and, when a later bar trades strictly through its price,
/// fills at exactly its price with the maker fee (a post-only limit that is marketable when placed is cancelled
/// unfilled instead). Stop and take-profit orders rest until a bar's high/low reaches
/// the trigger; a stop then fills at the trigger, or at the bar's open when the bar opened beyond it (a gap), with
/// slippage and the taker fee; a take-profit fills at its trigger with slippage and the taker fee (never at a
/// better gap price: pessimistic). Orders already triggered when placed or amended fill at once at the slipped
/// last price (take-profits at their slipped trigger).</para>
/// <para><b>Order of events inside one bar</b> (pessimistic and deterministic): per instrument resting entry limits
/// (not reduce-only) are evaluated first, then all stop orders, then take-profit and reduce-only limit orders, each
/// group in placement order (an entry limit rests between the market and its stop, so a bar reaching the stop passed it). So when a stop and a
/// take-profit of the same position are both inside the bar's range, the stop fills and the take-profit finds the
/// position closed.</para>
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
/// decimals so that sums are exact; fill prices and average entries are not rounded to the tick.</para>
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
    private readonly List<Fill> _fills = [];
    private readonly Dictionary<string, PaperPosition> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _lastPrices = new(StringComparer.Ordinal);
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
    /// Feeds one closed bar: first evaluates the instrument's resting orders against the bar's open/high/low (see the
    /// class remarks for the order of events), then sets the instrument's last/mark price to the bar's close.
    /// </summary>
    public void OnCandle(string instrumentId, Candle candle)
    {
        lock (_gate)
        {
            RequireInstrument(instrumentId);
            EvaluateRestingOrders(instrumentId, candle.Open, candle.High, candle.Low);
            _lastPrices[instrumentId] = candle.Close;
            SettleFunding(instrumentId, candle.CloseTime);
        }
    }

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
            RequireInstrument(instrumentId);
            EvaluateRestingOrders(instrumentId, price, price, price);
            _lastPrices[instrumentId] = price;
            SettleFunding(instrumentId, _timeProvider.GetUtcNow());
        }
    }

    /// <summary>The current last/mark price of an instrument, or null before the first price.</summary>
    public decimal? GetMarkPrice(string instrumentId)
    {
        lock (_gate)
        {
            return _lastPrices.TryGetValue(instrumentId, out var price) ? price : null;
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
            foreach (var p in state.Positions)
            {
                RequireInstrument(p.InstrumentId);
                if (p.Quantity != 0)
                {
                    _positions[p.InstrumentId] = new PaperPosition { InstrumentId = p.InstrumentId, Quantity = p.Quantity, AverageEntryPrice = p.AverageEntryPrice };
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
                _openOrders.Add(order);
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
            IReadOnlyList<Order> open = _openOrders.Select(o => o.ToOrder()).ToArray();
            return ValueTask.FromResult(open);
        }
    }

    public ValueTask<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Sequence n is stored at index n - 1 - _fillBase (fills before a restore are not kept).
            var start = (int)Math.Clamp(afterSequence - _fillBase, 0, _fills.Count);
            IReadOnlyList<Fill> fills = _fills.GetRange(start, _fills.Count - start).ToArray();
            return ValueTask.FromResult(fills);
        }
    }

    public ValueTask<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ExchangePosition> positions = _positions.Values
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
            var unrealized = 0m;
            foreach (var position in _positions.Values)
            {
                unrealized += Unrealized(position);
            }
            var balance = new AccountBalance(_options.Currency, _cash, _cash + unrealized, unrealized, _realizedPnl, _feesPaid);
            return ValueTask.FromResult(balance);
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

    private OrderResult Place(OrderRequest request)
    {
        var invalid = Validate(request, out var instrument);
        if (invalid is not null)
        {
            return invalid;
        }
        var quantity = request.Quantity;
        var hasLast = _lastPrices.TryGetValue(instrument.Id, out var last);
        if (request.Type == OrderType.Market && !hasLast)
        {
            return OrderResult.Fail(ExchangeErrorCode.NoMarketPrice, $"No market price for {instrument.Id} yet; market order {request.ClientOrderId} rejected.");
        }

        var immediate = hasLast ? ImmediateFill(instrument.Id, request.Type, request.Side, request.Price, request.TriggerPrice, last, quantity) : null;
        // Resting orders are checked at their own price as if they filled now.
        var checkPrice = immediate?.Price ?? (request.Type == OrderType.Limit ? request.Price!.Value : request.TriggerPrice!.Value);
        var feeBps = immediate is null && request.Type == OrderType.Limit ? _options.MakerFeeBps : _options.TakerFeeBps;
        var refusal = CheckExecutable(instrument.Id, request.Side, request.ReduceOnly, ref quantity, checkPrice, feeBps);
        if (refusal is not null)
        {
            return refusal;
        }
        if (immediate is not null && quantity != request.Quantity)
        {
            // Trimmed (reduce-only): a smaller order walks less of the book.
            immediate = ImmediateFill(instrument.Id, request.Type, request.Side, request.Price, request.TriggerPrice, last, quantity);
        }

        var now = _timeProvider.GetUtcNow();
        _orderCounter++;
        var order = new PaperOrder
        {
            OrderId = "P" + _orderCounter.ToString(CultureInfo.InvariantCulture),
            ClientOrderId = request.ClientOrderId,
            InstrumentId = instrument.Id,
            Side = request.Side,
            Type = request.Type,
            Quantity = quantity,
            Price = request.Type == OrderType.Limit ? request.Price : null,
            TriggerPrice = request.Type is OrderType.StopMarket or OrderType.TakeProfitMarket ? request.TriggerPrice : null,
            ReduceOnly = request.ReduceOnly,
            Status = OrderStatus.New,
            CreatedAt = now,
            UpdatedAt = now,
            Tag = request.Tag,
            AttachedStop = request.AttachedStop,
        };
        _ordersById.Add(order.OrderId, order);
        _ordersByClientId.Add(order.ClientOrderId, order);
        _openOrders.Add(order);
        if (immediate is not null && request.TimeInForce == TimeInForce.PostOnly)
        {
            Close(order, OrderStatus.Cancelled, "Post-only: the limit would take liquidity; cancelled unfilled.");
        }
        else if (immediate is { } pricing)
        {
            ExecuteFill(order, quantity, pricing, isMaker: false, now);
        }
        else if (request.TimeInForce == TimeInForce.ImmediateOrCancel)
        {
            Close(order, OrderStatus.Cancelled, "Immediate-or-cancel: the market is beyond the limit price; nothing filled.");
        }
        return OrderResult.Ok(order.ToOrder());
    }

    private OrderResult? Validate(OrderRequest request, out Instrument instrument)
    {
        instrument = null!;
        if (string.IsNullOrWhiteSpace(request.ClientOrderId))
        {
            return Invalid("ClientOrderId is required.");
        }
        if (_ordersByClientId.ContainsKey(request.ClientOrderId))
        {
            return Invalid($"ClientOrderId {request.ClientOrderId} is already used by another order.");
        }
        if (IsPromisedToAnAttachedStop(request.ClientOrderId))
        {
            return Invalid($"ClientOrderId {request.ClientOrderId} is already promised to the stop attached to a resting entry.");
        }
        if (request.AttachedStop is { } attached
            && (_ordersByClientId.ContainsKey(attached.ClientOrderId) || IsPromisedToAnAttachedStop(attached.ClientOrderId)))
        {
            return Invalid($"ClientOrderId {attached.ClientOrderId} of the attached stop is already used by another order.");
        }
        var found = string.IsNullOrWhiteSpace(request.InstrumentId) ? null : _instrumentLookup(request.InstrumentId);
        if (found is null)
        {
            return OrderResult.Fail(ExchangeErrorCode.UnknownInstrument, $"Unknown instrument '{request.InstrumentId}' in order {request.ClientOrderId}.");
        }
        instrument = found;
        if (request.ShapeProblem() is { } shape)
        {
            return Invalid(shape);
        }
        if (request.Quantity % instrument.QuantityStep != 0)
        {
            return Invalid($"Order {request.ClientOrderId}: Quantity {Format(request.Quantity)} is not a multiple of the quantity step {Format(instrument.QuantityStep)} of {instrument.Id}.");
        }
        // Closing what is left of a position is allowed below the minimum size (exchanges accept reduce-only
        // remainders); only orders that open or add must meet it.
        if (request.Quantity < instrument.MinQuantity && !request.ReduceOnly)
        {
            return OrderResult.Fail(
                ExchangeErrorCode.BelowMinimumSize,
                $"Order {request.ClientOrderId}: Quantity {Format(request.Quantity)} is below the minimum {Format(instrument.MinQuantity)} of {instrument.Id}.");
        }
        return request.PriceProblem() is { } problem ? Invalid(problem) : null;
    }

    private OrderResult Amend(string instrumentId, string orderId, decimal? newPrice, decimal? newTriggerPrice)
    {
        var order = FindOpenOrder(instrumentId, orderId);
        if (order is null)
        {
            return OrderResult.Fail(ExchangeErrorCode.OrderNotFound, $"No open order {orderId} on {instrumentId}.");
        }
        if (newPrice is null && newTriggerPrice is null)
        {
            return Invalid($"Amend of {orderId}: give a new price or a new trigger price.");
        }
        if (newPrice is not null && (order.Type != OrderType.Limit || newPrice <= 0))
        {
            return Invalid($"Amend of {orderId}: the price can only be changed on a limit order, to a positive value.");
        }
        if (newTriggerPrice is not null && (order.Type is not (OrderType.StopMarket or OrderType.TakeProfitMarket) || newTriggerPrice <= 0))
        {
            return Invalid($"Amend of {orderId}: the trigger price can only be changed on a stop or take-profit order, to a positive value.");
        }

        var price = newPrice ?? order.Price;
        var trigger = newTriggerPrice ?? order.TriggerPrice;
        if (_lastPrices.TryGetValue(instrumentId, out var last)
            && ImmediateFill(instrumentId, order.Type, order.Side, price, trigger, last, order.Remaining) is { } pricing)
        {
            var quantity = order.Remaining;
            var refusal = CheckExecutable(instrumentId, order.Side, order.ReduceOnly, ref quantity, pricing.Price, _options.TakerFeeBps);
            if (refusal is not null)
            {
                return refusal;
            }
            if (quantity != order.Remaining)
            {
                pricing = ImmediateFill(instrumentId, order.Type, order.Side, price, trigger, last, quantity) ?? pricing;
            }
            order.Price = price;
            order.TriggerPrice = trigger;
            ExecuteFill(order, quantity, pricing, isMaker: false, _timeProvider.GetUtcNow());
            return OrderResult.Ok(order.ToOrder());
        }
        order.Price = price;
        order.TriggerPrice = trigger;
        order.UpdatedAt = _timeProvider.GetUtcNow();
        return OrderResult.Ok(order.ToOrder());
    }

    /// <summary>
    /// How an order of <paramref name="quantity"/> fills right now against <paramref name="last"/> (price, half spread
    /// and slippage), or null if it would rest. A limit is marketable when it reaches the touch (last ± half spread).
    /// </summary>
    private PaperFillPricing? ImmediateFill(string instrumentId, OrderType type, OrderSide side, decimal? price, decimal? trigger, decimal last, decimal quantity) =>
        type switch
        {
            OrderType.Market => TakerPricing(instrumentId, side, last, quantity),
            OrderType.Limit => _costModel.MarketableLimit(side, price!.Value, last, quantity, BookOf(instrumentId)),
            _ => TryTrigger(instrumentId, type, side, trigger!.Value, last, last, last, quantity, out var fill) ? fill : null,
        };

    /// <summary>
    /// Whether a stop or take-profit triggers inside a bar, and how it fills (a taker from the reference: stops from
    /// the trigger or a worse open (gap); take-profits from the trigger).
    /// </summary>
    private bool TryTrigger(string instrumentId, OrderType type, OrderSide side, decimal trigger, decimal open, decimal high, decimal low, decimal quantity, out PaperFillPricing pricing)
    {
        decimal? reference = type switch
        {
            OrderType.StopMarket when side == OrderSide.Buy && high >= trigger => Math.Max(open, trigger),
            OrderType.StopMarket when side == OrderSide.Sell && low <= trigger => Math.Min(open, trigger),
            OrderType.TakeProfitMarket when side == OrderSide.Sell && high >= trigger => trigger,
            OrderType.TakeProfitMarket when side == OrderSide.Buy && low <= trigger => trigger,
            _ => null,
        };
        pricing = reference is { } r ? TakerPricing(instrumentId, side, r, quantity) : default;
        return reference is not null;
    }

    private void EvaluateRestingOrders(string instrumentId, decimal open, decimal high, decimal low)
    {
        if (_openOrders.Count == 0)
        {
            return;
        }
        var candidates = _openOrders.Where(o => o.InstrumentId == instrumentId).ToArray();
        var now = _timeProvider.GetUtcNow();
        // Pessimistic order inside a bar: resting entries (opening limits) first, then stops, then take-profits and
        // reduce-only limits; placement order within a group. An entry limit lies between the market and its stop, so a
        // bar reaching the stop went through the entry first: the entry fills and the stop then takes it (ADR-011).
        foreach (var order in candidates.Where(o => o.Type == OrderType.Limit && !o.ReduceOnly))
        {
            TryFillResting(order, open, high, low, now);
        }
        foreach (var order in candidates.Where(o => o.Type == OrderType.StopMarket))
        {
            TryFillResting(order, open, high, low, now);
        }
        foreach (var order in candidates.Where(o => o.Type is OrderType.TakeProfitMarket || (o.Type == OrderType.Limit && o.ReduceOnly)))
        {
            TryFillResting(order, open, high, low, now);
        }
    }

    private void TryFillResting(PaperOrder order, decimal open, decimal high, decimal low, DateTimeOffset now)
    {
        if (!order.IsOpen)
        {
            return;
        }
        PaperFillPricing pricing;
        bool isMaker;
        var quantity = order.Remaining;
        if (order.Type == OrderType.Limit)
        {
            var limit = order.Price!.Value;
            var tradedThrough = order.Side == OrderSide.Buy ? low < limit : high > limit;
            if (!tradedThrough)
            {
                return;
            }
            pricing = PaperFillPricing.AtPrice(limit);
            isMaker = true;
        }
        else
        {
            if (!TryTrigger(order.InstrumentId, order.Type, order.Side, order.TriggerPrice!.Value, open, high, low, quantity, out pricing))
            {
                return;
            }
            isMaker = false;
        }

        var refusal = CheckExecutable(order.InstrumentId, order.Side, order.ReduceOnly, ref quantity, pricing.Price, isMaker ? _options.MakerFeeBps : _options.TakerFeeBps);
        if (refusal is null)
        {
            if (!isMaker && quantity != order.Remaining)
            {
                TryTrigger(order.InstrumentId, order.Type, order.Side, order.TriggerPrice!.Value, open, high, low, quantity, out pricing);
            }
            ExecuteFill(order, quantity, pricing, isMaker, now);
        }
        else if (refusal.Error == ExchangeErrorCode.ReduceOnlyWouldIncrease)
        {
            Close(order, OrderStatus.Cancelled, "Reduce-only order cancelled: no position left to reduce.");
        }
        else
        {
            Close(order, OrderStatus.Rejected, refusal.Message);
        }
    }

    /// <summary>
    /// Reduce-only trimming and the margin check for a fill of <paramref name="quantity"/> at <paramref name="price"/>.
    /// Returns null when the fill may go ahead (with <paramref name="quantity"/> possibly trimmed).
    /// </summary>
    private OrderResult? CheckExecutable(string instrumentId, OrderSide side, bool reduceOnly, ref decimal quantity, decimal price, decimal feeBps)
    {
        var position = _positions.GetValueOrDefault(instrumentId);
        var positionQuantity = position?.Quantity ?? 0m;
        if (reduceOnly)
        {
            var reducible = Reducible(positionQuantity, side);
            if (reducible == 0)
            {
                return OrderResult.Fail(
                    ExchangeErrorCode.ReduceOnlyWouldIncrease,
                    $"Reduce-only {side} on {instrumentId} would open or increase a position (position {Format(positionQuantity)}).");
            }
            quantity = Math.Min(quantity, reducible);
            return null;
        }

        var delta = side == OrderSide.Buy ? quantity : -quantity;
        var (newQuantity, newAverage, realized) = ApplyFill(positionQuantity, position?.AverageEntryPrice ?? 0m, delta, price);
        if (Math.Abs(newQuantity) <= Math.Abs(positionQuantity))
        {
            return null;
        }
        var fee = quantity * price * feeBps / BasisPoints;
        var equity = _cash + realized - fee + (newQuantity * (price - newAverage));
        var notional = Math.Abs(newQuantity) * price;
        foreach (var other in _positions.Values)
        {
            if (other.InstrumentId != instrumentId && other.Quantity != 0)
            {
                var mark = MarkOf(other);
                equity += other.Quantity * (mark - other.AverageEntryPrice);
                notional += Math.Abs(other.Quantity) * mark;
            }
        }
        var required = notional / _options.Leverage;
        if (required > equity)
        {
            return OrderResult.Fail(
                ExchangeErrorCode.InsufficientMargin,
                $"{side} {Format(quantity)} {instrumentId} needs margin {Format(decimal.Round(required, 2))} {_options.Currency} at leverage {Format(_options.Leverage)} but equity would be {Format(decimal.Round(equity, 2))}.");
        }
        return null;
    }

    private void ExecuteFill(PaperOrder order, decimal quantity, PaperFillPricing pricing, bool isMaker, DateTimeOffset now)
    {
        var price = pricing.Price;
        var feeBps = isMaker ? _options.MakerFeeBps : _options.TakerFeeBps;
        var fee = Book(quantity * price * feeBps / BasisPoints);
        if (!_positions.TryGetValue(order.InstrumentId, out var position))
        {
            position = new PaperPosition { InstrumentId = order.InstrumentId };
            _positions.Add(order.InstrumentId, position);
        }
        var delta = order.Side == OrderSide.Buy ? quantity : -quantity;
        var before = position.Quantity;
        var (newQuantity, newAverage, unroundedRealized) = ApplyFill(before, position.AverageEntryPrice, delta, price);
        var realized = Book(unroundedRealized);
        position.Quantity = newQuantity;
        position.AverageEntryPrice = newAverage;
        var closedOrFlipped = newQuantity == 0 || (before != 0 && Math.Sign(newQuantity) != Math.Sign(before));
        position.RealizedPnl = closedOrFlipped ? 0m : position.RealizedPnl + realized;

        _cash += realized - fee;
        _realizedPnl += realized;
        _feesPaid += fee;

        var filledBefore = order.FilledQuantity;
        order.FilledQuantity += quantity;
        order.AverageFillPrice = ((order.AverageFillPrice * filledBefore) + (price * quantity)) / order.FilledQuantity;
        order.Fee += fee;
        order.UpdatedAt = now;
        // Paper fills are always complete; a reduce-only order trimmed at fill time shows the quantity it really had.
        order.Quantity = order.FilledQuantity;
        order.Status = OrderStatus.Filled;
        _openOrders.Remove(order);

        var sequence = _fillBase + _fills.Count + 1L;
        var fill = new Fill(
            sequence,
            "F" + sequence.ToString(CultureInfo.InvariantCulture),
            order.OrderId,
            order.ClientOrderId,
            order.InstrumentId,
            order.Side,
            quantity,
            price,
            fee,
            isMaker,
            now,
            order.Tag);
        _fills.Add(fill);
        RecordFillCost(fill, pricing);

        TrimReduceOnlyOrders(order.InstrumentId, position.Quantity, now);
        PlaceAttachedStop(order);
    }

    /// <summary>Cuts open reduce-only orders to the remaining position and cancels those with nothing left to reduce.</summary>
    private void TrimReduceOnlyOrders(string instrumentId, decimal positionQuantity, DateTimeOffset now)
    {
        foreach (var order in _openOrders.Where(o => o.ReduceOnly && o.InstrumentId == instrumentId).ToArray())
        {
            var reducible = Reducible(positionQuantity, order.Side);
            if (reducible == 0)
            {
                Close(order, OrderStatus.Cancelled, "Reduce-only order cancelled: the position is closed.");
            }
            else if (order.Remaining > reducible)
            {
                order.Quantity = order.FilledQuantity + reducible;
                order.UpdatedAt = now;
            }
        }
    }

    /// <summary>
    /// Applies a signed fill to a net position: returns the new quantity, average entry and the P&amp;L realised by
    /// the part that reduced the position.
    /// </summary>
    private static (decimal Quantity, decimal Average, decimal Realized) ApplyFill(decimal quantity, decimal average, decimal delta, decimal price)
    {
        if (quantity == 0 || Math.Sign(quantity) == Math.Sign(delta))
        {
            var increased = quantity + delta;
            var newAverage = ((Math.Abs(quantity) * average) + (Math.Abs(delta) * price)) / Math.Abs(increased);
            return (increased, newAverage, 0m);
        }
        var closing = Math.Min(Math.Abs(delta), Math.Abs(quantity));
        var realized = closing * (price - average) * Math.Sign(quantity);
        var remaining = quantity + delta;
        if (remaining == 0)
        {
            return (0m, 0m, realized);
        }
        return Math.Sign(remaining) == Math.Sign(quantity) ? (remaining, average, realized) : (remaining, price, realized);
    }

    /// <summary>How much an order on <paramref name="side"/> can reduce a position of <paramref name="positionQuantity"/>.</summary>
    private static decimal Reducible(decimal positionQuantity, OrderSide side) => side switch
    {
        OrderSide.Sell when positionQuantity > 0 => positionQuantity,
        OrderSide.Buy when positionQuantity < 0 => -positionQuantity,
        _ => 0m,
    };

    private decimal MarkOf(PaperPosition position) =>
        _lastPrices.TryGetValue(position.InstrumentId, out var mark) ? mark : position.AverageEntryPrice;

    private decimal Unrealized(PaperPosition position) =>
        position.Quantity == 0 ? 0m : Book(position.Quantity * (MarkOf(position) - position.AverageEntryPrice));

    private static decimal Book(decimal amount) => decimal.Round(amount, AccountingDecimals, MidpointRounding.ToEven);

    private PaperOrder? FindOpenOrder(string instrumentId, string orderId) =>
        _ordersById.TryGetValue(orderId, out var order) && order.InstrumentId == instrumentId && order.IsOpen ? order : null;

    private void Close(PaperOrder order, OrderStatus status, string? reason)
    {
        order.Status = status;
        order.RejectReason = reason;
        order.UpdatedAt = _timeProvider.GetUtcNow();
        _openOrders.Remove(order);
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
