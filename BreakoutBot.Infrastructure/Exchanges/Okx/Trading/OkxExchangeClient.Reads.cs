using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;

/// <summary>Orders, positions and balance read from OKX and converted to the engine's coin quantities (fills: <c>OkxExchangeClient.Fills.cs</c>).</summary>
public sealed partial class OkxExchangeClient
{
    public async ValueTask<Order?> GetOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default)
    {
        _byOrderId.TryGetValue(orderId, out var tracked);
        var (order, error) = await ReadOrderAsync(instrumentId, orderId, tracked?.IsAlgo, cancellationToken);
        return error is null ? order : throw new OkxExchangeException($"order {orderId} on {instrumentId}", error);
    }

    public async ValueTask<Order?> GetOrderByClientIdAsync(string instrumentId, string clientOrderId, CancellationToken cancellationToken = default)
    {
        _byClientId.TryGetValue(clientOrderId, out var tracked);
        var isAlgo = tracked?.IsAlgo ?? (_attachedStops.ContainsKey(clientOrderId) ? true : null);
        var lookup = await LookupByClientIdAsync(instrumentId, clientOrderId, isAlgo, cancellationToken);
        if (lookup.Order is { } found && tracked is null)
        {
            Track(new TrackedOrder(found.OrderId, clientOrderId, instrumentId, found.Type is OrderType.StopMarket or OrderType.TakeProfitMarket, found.Type, found.Tag));
        }
        if (lookup.Order is null && !lookup.DefinitelyAbsent)
        {
            throw new OkxExchangeException($"lookup of client order id {clientOrderId} on {instrumentId}", lookup.Error!);
        }
        return lookup.Order;
    }

    public async ValueTask<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default)
    {
        var regular = await _rest.GetPendingOrdersAsync(null, null, cancellationToken);
        if (!regular.IsSuccess)
        {
            throw new OkxExchangeException("open orders", regular.Error!);
        }
        var algos = await _rest.GetPendingAlgoOrdersAsync(AlgoOrderTypes, null, null, cancellationToken);
        if (!algos.IsSuccess)
        {
            throw new OkxExchangeException("open algo orders", algos.Error!);
        }
        var open = new List<Order>();
        foreach (var order in regular.Value)
        {
            if (FindInstrument(order.InstrumentId) is { } instrument)
            {
                open.Add(MapOrder(order, instrument));
            }
        }
        foreach (var algo in algos.Value)
        {
            if (FindInstrument(algo.InstrumentId) is { } instrument)
            {
                open.Add(MapAlgo(algo, instrument, null));
            }
        }
        return open;
    }

    public async ValueTask<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        var result = await _rest.GetPositionsAsync("SWAP", null, cancellationToken);
        if (!result.IsSuccess)
        {
            throw new OkxExchangeException("positions", result.Error!);
        }
        var positions = new List<ExchangePosition>();
        foreach (var p in result.Value.Where(p => p.SignedSize != 0).OrderBy(p => p.InstrumentId, StringComparer.Ordinal))
        {
            if (FindInstrument(p.InstrumentId) is not { } instrument)
            {
                continue;
            }
            positions.Add(new ExchangePosition(
                p.InstrumentId,
                p.SignedSize * instrument.ContractValue,
                p.AveragePrice ?? 0m,
                p.UnrealizedPnl ?? 0m,
                p.RealizedPnl ?? 0m));
        }
        return positions;
    }

    /// <summary>
    /// The account currency's balance: equity <c>eq</c>, unrealised <c>upl</c>, cash <c>cashBal</c> (or eq − upl).
    /// Realised P&amp;L and fees are the sums over the fills this client has seen since it started.
    /// </summary>
    public async ValueTask<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default)
    {
        var result = await _rest.GetBalanceAsync(_options.Currency, cancellationToken);
        if (!result.IsSuccess)
        {
            throw new OkxExchangeException("balance", result.Error!);
        }
        var detail = result.Value.For(_options.Currency);
        var equity = detail?.Equity ?? 0m;
        var unrealized = detail?.UnrealizedPnl ?? 0m;
        var cash = detail?.CashBalance ?? (equity - unrealized);
        return new AccountBalance(_options.Currency, cash, equity, unrealized, _realizedPnl, _feesPaid);
    }

    // ---------- orders ----------

    /// <summary>
    /// One order by exchange id: a regular order or an algo order (<paramref name="isAlgo"/> null: try both). A missing
    /// order is (null, null); a failed read is (null, error).
    /// </summary>
    private async Task<(Order? Order, OkxError? Error)> ReadOrderAsync(string instrumentId, string orderId, bool? isAlgo, CancellationToken cancellationToken)
    {
        if (FindInstrument(instrumentId) is not { } instrument)
        {
            return (null, null);
        }
        if (isAlgo != true)
        {
            var regular = await _rest.GetOrderAsync(instrumentId, orderId, null, cancellationToken);
            if (regular.IsSuccess)
            {
                return (MapOrder(regular.Value, instrument), null);
            }
            if (regular.Error!.Kind != OkxErrorKind.NotFound)
            {
                return (null, regular.Error);
            }
            if (isAlgo == false)
            {
                return (null, null);
            }
        }
        var algo = await _rest.GetAlgoOrderAsync(orderId, null, cancellationToken);
        if (!algo.IsSuccess)
        {
            return algo.Error!.Kind == OkxErrorKind.NotFound ? (null, null) : (null, algo.Error);
        }
        if (algo.Value.InstrumentId != instrumentId)
        {
            return (null, null);
        }
        return await MapAlgoWithChildAsync(algo.Value, instrument, cancellationToken);
    }

    private async Task<Order?> TryGetOrderAsync(string instrumentId, string orderId, bool? isAlgo, CancellationToken cancellationToken) =>
        (await ReadOrderAsync(instrumentId, orderId, isAlgo, cancellationToken)).Order;

    /// <summary>
    /// The order with a client id (<c>clOrdId</c>, or <c>algoClOrdId</c> for stops and take-profits). DefinitelyAbsent only
    /// when OKX answered that no such order exists (every kind asked).
    /// </summary>
    private async Task<ClientIdLookup> LookupByClientIdAsync(string instrumentId, string clientOrderId, bool? isAlgo, CancellationToken cancellationToken)
    {
        if (FindInstrument(instrumentId) is not { } instrument)
        {
            return new ClientIdLookup(null, true, null);
        }
        if (isAlgo != true)
        {
            var regular = await _rest.GetOrderAsync(instrumentId, null, clientOrderId, cancellationToken);
            if (regular.IsSuccess)
            {
                return new ClientIdLookup(MapOrder(regular.Value, instrument), false, null);
            }
            if (regular.Error!.Kind != OkxErrorKind.NotFound)
            {
                return new ClientIdLookup(null, false, regular.Error);
            }
            if (isAlgo == false)
            {
                return new ClientIdLookup(null, true, regular.Error);
            }
        }
        var algo = await _rest.GetAlgoOrderAsync(null, clientOrderId, cancellationToken);
        if (!algo.IsSuccess)
        {
            return new ClientIdLookup(null, algo.Error!.Kind == OkxErrorKind.NotFound, algo.Error);
        }
        if (algo.Value.InstrumentId != instrumentId)
        {
            return new ClientIdLookup(null, true, null);
        }
        var (order, error) = await MapAlgoWithChildAsync(algo.Value, instrument, cancellationToken);
        return new ClientIdLookup(order, false, error);
    }

    /// <summary>An algo order with the fills of the order it placed when it fired (read from OKX).</summary>
    private async Task<(Order? Order, OkxError? Error)> MapAlgoWithChildAsync(OkxAlgoOrder algo, Instrument instrument, CancellationToken cancellationToken)
    {
        OkxOrder? child = null;
        if (!string.IsNullOrEmpty(algo.ChildOrderId))
        {
            _childOrders[algo.ChildOrderId] = new AlgoLink(algo.AlgoId, algo.AlgoClientOrderId);
            var read = await _rest.GetOrderAsync(algo.InstrumentId, algo.ChildOrderId, null, cancellationToken);
            if (read.IsSuccess)
            {
                child = read.Value;
            }
            else if (read.Error!.Kind != OkxErrorKind.NotFound)
            {
                return (null, read.Error);
            }
        }
        return (MapAlgo(algo, instrument, child), null);
    }

    private Order MapOrder(OkxOrder o, Instrument instrument)
    {
        _byOrderId.TryGetValue(o.OrderId, out var tracked);
        var type = o.OrderType == "market" ? OrderType.Market : OrderType.Limit;
        var created = o.CreatedTime ?? _time.GetUtcNow();
        return new Order(
            o.OrderId,
            o.ClientOrderId ?? tracked?.ClientOrderId ?? string.Empty,
            o.InstrumentId,
            o.Side == "buy" ? OrderSide.Buy : OrderSide.Sell,
            type,
            o.Size * instrument.ContractValue,
            type == OrderType.Limit ? o.Price : null,
            null,
            o.ReduceOnly,
            MapState(o.State),
            o.FilledSize * instrument.ContractValue,
            o.AveragePrice ?? 0m,
            -(o.Fee ?? 0m),
            created,
            o.UpdatedTime ?? created,
            tracked?.Tag,
            o.CancelSource is { Length: > 0 } source && o.State is "canceled" or "mmp_canceled" ? "OKX cancel source " + source : null);
    }

    private Order MapAlgo(OkxAlgoOrder a, Instrument instrument, OkxOrder? child)
    {
        _byOrderId.TryGetValue(a.AlgoId, out var tracked);
        var type = tracked?.Type ?? (a.StopLossTriggerPrice is not null ? OrderType.StopMarket : OrderType.TakeProfitMarket);
        var trigger = type == OrderType.StopMarket
            ? a.StopLossTriggerPrice ?? a.TriggerPrice
            : a.TakeProfitTriggerPrice ?? a.TriggerPrice;
        var size = a.Size ?? a.ActualSize ?? child?.Size ?? 0m;
        var filled = child?.FilledSize ?? 0m;
        var average = child?.AveragePrice ?? 0m;
        var fee = -(child?.Fee ?? 0m);
        OrderStatus status;
        string? reason = null;
        switch (a.State)
        {
            case "live" or "pause":
                status = OrderStatus.New;
                break;
            case "canceled":
                status = OrderStatus.Cancelled;
                break;
            case "order_failed" or "partially_failed":
                status = OrderStatus.Rejected;
                reason = "OKX could not place the order when the trigger fired (" + a.State + ").";
                break;
            default:
                // Fired: the state is that of the order it placed.
                if (child is not null)
                {
                    status = MapState(child.State);
                }
                else
                {
                    status = OrderStatus.Filled;
                    filled = a.ActualSize ?? size;
                    average = a.ActualPrice ?? 0m;
                }
                break;
        }
        var created = a.CreatedTime ?? _time.GetUtcNow();
        return new Order(
            a.AlgoId,
            a.AlgoClientOrderId ?? tracked?.ClientOrderId ?? string.Empty,
            a.InstrumentId,
            a.Side == "buy" ? OrderSide.Buy : OrderSide.Sell,
            type,
            size * instrument.ContractValue,
            null,
            trigger,
            a.ReduceOnly ?? true,
            status,
            filled * instrument.ContractValue,
            average,
            fee,
            created,
            child?.UpdatedTime ?? a.UpdatedTime ?? created,
            tracked?.Tag,
            reason);
    }

    /// <summary>live, partially_filled, filled; everything else (canceled, mmp_canceled) is cancelled, filled part or not.</summary>
    private static OrderStatus MapState(string state) => state switch
    {
        "live" => OrderStatus.New,
        "partially_filled" => OrderStatus.PartiallyFilled,
        "filled" => OrderStatus.Filled,
        _ => OrderStatus.Cancelled,
    };

    private sealed record ClientIdLookup(Order? Order, bool DefinitelyAbsent, OkxError? Error);
}
