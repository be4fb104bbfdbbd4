using System.Globalization;
using System.Text.Json.Nodes;
using static BreakoutBot.Tests.TestSupport.FakeOkx.FakeOkxJson;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>Orders: place, amend, cancel, queries and the matching of market and limit orders.</summary>
internal sealed partial class FakeOkxExchange
{
    public JsonObject PlaceOrder(JsonObject body)
    {
        lock (_gate)
        {
            var clOrdId = Str(body, "clOrdId") ?? string.Empty;
            var tag = Str(body, "tag") ?? string.Empty;
            var error = ValidateOrder(body, clOrdId, tag, out var order);
            if (error is not null || order is null)
            {
                return OrderAck(string.Empty, clOrdId, tag, error);
            }
            _orderIndex[order.OrdId] = _orders.Count;
            _orders.Add(order);
            _sink.OrderChanged(order.InstType, order.InstId, RenderOrder(order, ws: true));
            TryExecuteNewOrder(order.OrdId);
            return OrderAck(order.OrdId, clOrdId, tag, null);
        }
    }

    public JsonObject AmendOrder(JsonObject body)
    {
        lock (_gate)
        {
            var reqId = Str(body, "reqId") ?? string.Empty;
            var index = FindOrder(Str(body, "instId"), Str(body, "ordId"), Str(body, "clOrdId"));
            if (index is null || !_orders[index.Value].IsPending)
            {
                var ack = OrderAck(Str(body, "ordId") ?? string.Empty, Str(body, "clOrdId") ?? string.Empty, string.Empty,
                    new FakeOkxError("51503", "Order modification failed as the order has been filled, canceled or does not exist."));
                ack["reqId"] = reqId;
                return ack;
            }
            var order = _orders[index.Value];
            var instrument = _instruments[order.InstId];
            if (!TryDecimal(Str(body, "newSz"), out var newSize) || newSize <= 0)
            {
                return AmendFail(order, reqId, FakeOkxError.Param("newSz"));
            }
            if (!TryDecimal(Str(body, "newPx"), out var newPrice) || newPrice <= 0)
            {
                return AmendFail(order, reqId, FakeOkxError.Param("newPx"));
            }
            if (newSize is null && newPrice is null)
            {
                return AmendFail(order, reqId, new FakeOkxError("50015", "Either parameter newSz or newPx is required"));
            }
            if (newSize is { } s && (!IsMultipleOf(s, instrument.LotSize) || s < order.FilledSize))
            {
                return AmendFail(order, reqId, new FakeOkxError("51121", "Order quantity must be a multiple of the lot size"));
            }
            if (newPrice is { } p && (order.OrdType == "market" || !IsMultipleOf(p, instrument.TickSize)))
            {
                return AmendFail(order, reqId, new FakeOkxError("51150", "The precision of the number of trading or the price exceeds the limit"));
            }
            order = order with
            {
                Size = newSize ?? order.Size,
                Price = newPrice ?? order.Price,
                UpdatedAt = Now,
                Amendments = order.Amendments + 1,
            };
            _orders[index.Value] = order;
            _sink.OrderChanged(order.InstType, order.InstId, RenderOrder(order, ws: true));
            if (LastOrNull(order.InstId) is { } last && Crosses(order, last))
            {
                Fill(order.OrdId, order.Price ?? last, taker: true);
            }
            var result = OrderAck(order.OrdId, order.ClOrdId, order.Tag, null);
            result["reqId"] = reqId;
            return result;
        }
    }

    public JsonObject CancelOrder(JsonObject body)
    {
        lock (_gate)
        {
            var index = FindOrder(Str(body, "instId"), Str(body, "ordId"), Str(body, "clOrdId"));
            if (index is null || !_orders[index.Value].IsPending)
            {
                return OrderAck(Str(body, "ordId") ?? string.Empty, Str(body, "clOrdId") ?? string.Empty, string.Empty,
                    new FakeOkxError("51400", "Order cancellation failed as the order has been filled, canceled or does not exist."));
            }
            var order = _orders[index.Value] with { State = "canceled", CancelSource = "1", UpdatedAt = Now };
            _orders[index.Value] = order;
            _sink.OrderChanged(order.InstType, order.InstId, RenderOrder(order, ws: true));
            _sink.AccountChanged(RenderBalance(null));
            return OrderAck(order.OrdId, order.ClOrdId, order.Tag, null);
        }
    }

    /// <summary>Order details by ordId, or the latest order with the clOrdId; null when absent.</summary>
    public JsonObject? RenderOrderDetails(string? instId, string? ordId, string? clOrdId)
    {
        lock (_gate)
        {
            return FindOrder(instId, ordId, clOrdId) is { } index ? RenderOrder(_orders[index], ws: false) : null;
        }
    }

    public JsonArray RenderPendingOrders(string? instType, string? instId, string? ordType)
    {
        lock (_gate)
        {
            var data = new JsonArray();
            foreach (var order in Enumerable.Reverse(_orders).Where(o => o.IsPending &&
                         (instType is null || o.InstType == instType) && (instId is null || o.InstId == instId) &&
                         (ordType is null || o.OrdType == ordType)))
            {
                data.Add(RenderOrder(order, ws: false));
            }
            return data;
        }
    }

    /// <summary>
    /// Fills newest first, older than the bill id <paramref name="after"/> when given; like OKX, <c>/trade/fills</c> keeps
    /// the last 3 days and <c>/trade/fills-history</c> (<paramref name="history"/>) the last 3 months.
    /// </summary>
    public JsonArray RenderFills(string? instType, string? instId, string? ordId, int limit, string? after = null, bool history = false)
    {
        lock (_gate)
        {
            var data = new JsonArray();
            var since = Now - (history ? TimeSpan.FromDays(90) : TimeSpan.FromDays(3));
            var olderThan = long.TryParse(after, CultureInfo.InvariantCulture, out var bill) ? bill : long.MaxValue;
            foreach (var fill in Enumerable.Reverse(_fills).Where(f =>
                         (instType is null || f.InstType == instType) && (instId is null || f.InstId == instId) &&
                         (ordId is null || f.OrdId == ordId) && f.Time >= since &&
                         long.Parse(f.BillId, CultureInfo.InvariantCulture) < olderThan).Take(limit))
            {
                data.Add(new JsonObject
                {
                    ["instType"] = fill.InstType,
                    ["instId"] = fill.InstId,
                    ["tradeId"] = fill.TradeId,
                    ["ordId"] = fill.OrdId,
                    ["clOrdId"] = fill.ClOrdId,
                    ["billId"] = fill.BillId,
                    ["tag"] = string.Empty,
                    ["fillPx"] = Num(fill.Price),
                    ["fillSz"] = Num(fill.Size),
                    ["side"] = fill.Side,
                    ["posSide"] = fill.InstType == "SWAP" ? "net" : string.Empty,
                    ["execType"] = fill.IsTaker ? "T" : "M",
                    ["feeCcy"] = fill.FeeCurrency,
                    ["fee"] = Num(fill.Fee),
                    ["fillPnl"] = Num(fill.Pnl),
                    ["feeRate"] = Num(-fill.FeeRate),
                    ["fillTime"] = Ms(fill.Time),
                    ["ts"] = Ms(fill.Time),
                    ["subType"] = fill.Side == "buy" ? "1" : "2",
                    ["fillMarkPx"] = Num(fill.Price),
                    ["fillIdxPx"] = Num(fill.Price),
                });
            }
            return data;
        }
    }

    // ---------- validation ----------

    private FakeOkxError? ValidateOrder(JsonObject body, string clOrdId, string tag, out FakeOkxOrder? order)
    {
        order = null;
        var instId = Str(body, "instId");
        if (string.IsNullOrEmpty(instId))
        {
            return FakeOkxError.Empty("instId");
        }
        if (!_instruments.TryGetValue(instId, out var instrument))
        {
            return FakeOkxError.NoInstrument;
        }
        var tdMode = Str(body, "tdMode");
        if (string.IsNullOrEmpty(tdMode))
        {
            return FakeOkxError.Empty("tdMode");
        }
        if (instrument.IsSwap ? tdMode is not ("cross" or "isolated") : tdMode is not ("cash" or "cross"))
        {
            return FakeOkxError.Param("tdMode");
        }
        var side = Str(body, "side");
        if (side is not ("buy" or "sell"))
        {
            return FakeOkxError.Param("side");
        }
        var ordType = Str(body, "ordType");
        if (ordType is not ("market" or "limit" or "post_only" or "ioc"))
        {
            return FakeOkxError.Param("ordType");
        }
        if (clOrdId.Length > 0 && !IsValidClientId(clOrdId))
        {
            return FakeOkxError.Param("clOrdId");
        }
        if (tag.Length > 0 && !IsValidClientId(tag, 16))
        {
            return FakeOkxError.Param("tag");
        }
        if (!TryDecimal(Str(body, "sz"), out var size) || size is null)
        {
            return size is null && Str(body, "sz") is null or "" ? FakeOkxError.Empty("sz") : FakeOkxError.Param("sz");
        }
        if (size <= 0)
        {
            return FakeOkxError.Param("sz");
        }
        if (!TryDecimal(Str(body, "px"), out var price) || price <= 0)
        {
            return FakeOkxError.Param("px");
        }
        if (ordType != "market" && price is null)
        {
            return FakeOkxError.Empty("px");
        }
        if (ordType == "market")
        {
            price = null;
        }
        var tgtCcy = Str(body, "tgtCcy") ?? string.Empty;
        if (tgtCcy is not ("" or "base_ccy" or "quote_ccy") || (tgtCcy.Length > 0 && (instrument.IsSwap || ordType != "market")))
        {
            return FakeOkxError.Param("tgtCcy");
        }
        var quoteSized = !instrument.IsSwap && ordType == "market" &&
                         (tgtCcy == "quote_ccy" || (tgtCcy.Length == 0 && side == "buy"));
        if (!quoteSized)
        {
            if (!IsMultipleOf(size.Value, instrument.LotSize))
            {
                return new FakeOkxError("51121", "Order quantity must be a multiple of the lot size");
            }
            if (size < instrument.MinSize)
            {
                return new FakeOkxError("51020", "Order amount should be greater than the min available amount");
            }
        }
        if (price is { } px && !IsMultipleOf(px, instrument.TickSize))
        {
            return new FakeOkxError("51150", "The precision of the number of trading or the price exceeds the limit");
        }
        if (clOrdId.Length > 0 && _orders.Any(o => o.IsPending && o.ClOrdId == clOrdId))
        {
            return new FakeOkxError("51016", "Duplicated clOrdId");
        }
        var last = LastOrNull(instId);
        if (ordType == "market" && last is null)
        {
            return new FakeOkxError("50001", $"Service temporarily unavailable: fake OKX has no price for {instId}; call SetPrice first");
        }
        var reduceOnly = Bool(body, "reduceOnly");
        if (reduceOnly && !instrument.IsSwap)
        {
            return FakeOkxError.Param("reduceOnly");
        }
        if (reduceOnly && !CanReduce(instId, side, size.Value))
        {
            return new FakeOkxError("51169", "Order failed because you don't have any positions in this direction for this contract to reduce or close.");
        }
        var attached = ParseAttached(body, instrument, out var attachError);
        if (attachError is not null)
        {
            return attachError;
        }
        var refPrice = price ?? last ?? 0m;
        var fundsError = CheckFunds(instrument, side, ordType, size.Value, refPrice, reduceOnly, quoteSized);
        if (fundsError is not null)
        {
            return fundsError;
        }
        var now = Now;
        order = new FakeOkxOrder
        {
            OrdId = NextId(),
            ClOrdId = clOrdId,
            Tag = tag,
            InstType = instrument.InstType,
            InstId = instId,
            Side = side,
            OrdType = ordType,
            TdMode = tdMode,
            Size = size.Value,
            Price = price,
            ReduceOnly = reduceOnly,
            TgtCcy = quoteSized ? "quote_ccy" : tgtCcy,
            State = "live",
            Leverage = instrument.IsSwap ? LeverageOf(instId) : 0m,
            AttachedAlgos = attached,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return null;
    }

    private List<FakeOkxAttachedAlgo> ParseAttached(JsonObject body, FakeOkxInstrument instrument, out FakeOkxError? error)
    {
        error = null;
        var result = new List<FakeOkxAttachedAlgo>();
        if (body["attachAlgoOrds"] is not JsonArray items)
        {
            return result;
        }
        foreach (var item in items.OfType<JsonObject>())
        {
            var clientId = Str(item, "attachAlgoClOrdId") ?? string.Empty;
            if (clientId.Length > 0 && !IsValidClientId(clientId))
            {
                error = FakeOkxError.Param("attachAlgoClOrdId");
                return result;
            }
            if (!TryDecimal(Str(item, "slTriggerPx"), out var sl) || !TryDecimal(Str(item, "tpTriggerPx"), out var tp) ||
                !TryDecimal(Str(item, "slOrdPx"), out var slOrd) || !TryDecimal(Str(item, "tpOrdPx"), out var tpOrd) ||
                !TryDecimal(Str(item, "sz"), out var sz))
            {
                error = FakeOkxError.Param("attachAlgoOrds");
                return result;
            }
            if (sl is null && tp is null)
            {
                error = new FakeOkxError("50015", "Either parameter tpTriggerPx or slTriggerPx is required");
                return result;
            }
            if ((sl is { } s && !IsMultipleOf(s, instrument.TickSize)) || (tp is { } t && !IsMultipleOf(t, instrument.TickSize)))
            {
                error = new FakeOkxError("51150", "The precision of the number of trading or the price exceeds the limit");
                return result;
            }
            result.Add(new FakeOkxAttachedAlgo(NextId(), clientId, sl, slOrd, tp, tpOrd, sz));
        }
        return result;
    }

    private bool CanReduce(string instId, string side, decimal size)
    {
        var contracts = _positions.TryGetValue(instId, out var p) ? p.Contracts : 0m;
        return side == "sell" ? contracts > 0 && size <= contracts : contracts < 0 && size <= -contracts;
    }

    private FakeOkxError? CheckFunds(FakeOkxInstrument instrument, string side, string ordType, decimal size, decimal price,
        bool reduceOnly, bool quoteSized)
    {
        if (reduceOnly)
        {
            return null;
        }
        if (instrument.IsSwap)
        {
            var contracts = _positions.TryGetValue(instrument.InstId, out var p) ? p.Contracts : 0m;
            var opposite = side == "sell" ? Math.Max(contracts, 0m) : Math.Max(-contracts, 0m);
            var opening = Math.Max(size - opposite, 0m);
            var notional = size * instrument.ContractValue * price;
            var required = (opening * instrument.ContractValue * price / LeverageOf(instrument.InstId)) +
                           (notional * _options.TakerFeeRate);
            return required > ComputeBalance(Usdt).Available
                ? new FakeOkxError("51008", "Order failed. Insufficient USDT margin in account")
                : null;
        }
        if (side == "buy")
        {
            var cost = quoteSized ? size : size * price;
            cost += cost * _options.TakerFeeRate;
            return cost > ComputeBalance(instrument.QuoteCurrency).Available
                ? new FakeOkxError("51008", $"Order failed. Insufficient {instrument.QuoteCurrency} balance in account")
                : null;
        }
        _ = ordType;
        return size > ComputeBalance(instrument.BaseCurrency).Available
            ? new FakeOkxError("51008", $"Order failed. Insufficient {instrument.BaseCurrency} balance in account")
            : null;
    }

    // ---------- matching ----------

    private void TryExecuteNewOrder(string ordId)
    {
        var order = _orders[_orderIndex[ordId]];
        var last = LastOrNull(order.InstId);
        if (order.OrdType == "market" && last is { } marketPrice)
        {
            Fill(ordId, marketPrice, taker: true);
            return;
        }
        if (last is { } l && Crosses(order, l))
        {
            if (order.OrdType == "post_only")
            {
                var canceled = order with { State = "canceled", CancelSource = "31", UpdatedAt = Now };
                _orders[_orderIndex[ordId]] = canceled;
                _sink.OrderChanged(canceled.InstType, canceled.InstId, RenderOrder(canceled, ws: true));
                return;
            }
            Fill(ordId, l, taker: true, order.OrdType == "ioc" && _immediateLiquidity.TryGetValue(order.InstId, out var cap) ? cap : null);
        }
        if (order.OrdType == "ioc" && _orders[_orderIndex[ordId]] is { IsPending: true } rest)
        {
            // Immediate-or-cancel: what did not fill at once is cancelled (cancel source 14).
            var canceled = rest with { State = "canceled", CancelSource = "14", UpdatedAt = Now };
            _orders[_orderIndex[ordId]] = canceled;
            _sink.OrderChanged(canceled.InstType, canceled.InstId, RenderOrder(canceled, ws: true));
            return;
        }
        _sink.AccountChanged(RenderBalance(null));
    }

    private static bool Crosses(FakeOkxOrder order, decimal last) =>
        order.Price is { } px && (order.Side == "buy" ? last <= px : last >= px);

    private void MatchRestingOrders(FakeOkxInstrument instrument, decimal last)
    {
        var crossed = _orders
            .Where(o => o.IsPending && o.InstId == instrument.InstId && o.OrdType != "market" && Crosses(o, last))
            .Select(o => o.OrdId)
            .ToList();
        foreach (var ordId in crossed)
        {
            var order = _orders[_orderIndex[ordId]];
            if (!order.IsPending)
            {
                continue;
            }
            if (order.ReduceOnly && !CanReduce(order.InstId, order.Side, order.Size - order.FilledSize))
            {
                var canceled = order with { State = "canceled", CancelSource = "13", UpdatedAt = Now };
                _orders[_orderIndex[ordId]] = canceled;
                _sink.OrderChanged(canceled.InstType, canceled.InstId, RenderOrder(canceled, ws: true));
                continue;
            }
            Fill(ordId, order.Price ?? last, taker: false);
        }
    }

    /// <summary>Fills the rest of an order (at most <paramref name="maxContracts"/>) at <paramref name="price"/> and books the trade.</summary>
    private void Fill(string ordId, decimal price, bool taker, decimal? maxContracts = null)
    {
        var index = _orderIndex[ordId];
        var order = _orders[index];
        var instrument = _instruments[order.InstId];
        var rate = taker ? _options.TakerFeeRate : _options.MakerFeeRate;
        var now = Now;
        decimal quantity;
        decimal fee;
        var pnl = 0m;
        var tradeId = NextId();
        if (instrument.IsSwap)
        {
            quantity = maxContracts is { } max ? Math.Min(max, order.Size - order.FilledSize) : order.Size - order.FilledSize;
            fee = -decimal.Round(quantity * instrument.ContractValue * price * rate, 10);
            pnl = BookSwapTrade(instrument, order, quantity, price, fee, tradeId, now);
        }
        else
        {
            quantity = order.TgtCcy == "quote_ccy"
                ? decimal.Floor(order.Size / price / instrument.LotSize) * instrument.LotSize
                : order.Size - order.FilledSize;
            var notional = quantity * price;
            fee = -decimal.Round(notional * rate, 10);
            var baseCcy = instrument.BaseCurrency;
            var quote = instrument.QuoteCurrency;
            _cash[baseCcy] = _cash.GetValueOrDefault(baseCcy) + (order.Side == "buy" ? quantity : -quantity);
            _cash[quote] = _cash.GetValueOrDefault(quote) + (order.Side == "buy" ? -notional : notional) + fee;
        }
        _fills.Add(new FakeOkxFill(tradeId, NextId(), order.OrdId, order.ClOrdId, order.InstType, order.InstId, order.Side,
            price, quantity, fee, instrument.QuoteCurrency, pnl, rate, taker, now));
        var filledBefore = order.FilledSize;
        var filled = filledBefore + quantity;
        order = order with
        {
            State = filledBefore + quantity < order.Size && instrument.IsSwap ? "partially_filled" : "filled",
            FilledSize = order.TgtCcy == "quote_ccy" ? quantity : filled,
            AveragePrice = filledBefore == 0 ? price : ((order.AveragePrice ?? price) * filledBefore + price * quantity) / filled,
            LastFillPrice = price,
            LastFillSize = quantity,
            TradeId = tradeId,
            Fee = order.Fee + fee,
            Pnl = order.Pnl + pnl,
            FillTime = now,
            UpdatedAt = now,
        };
        _orders[index] = order;
        var push = RenderOrder(order, ws: true);
        push["execType"] = taker ? "T" : "M";
        push["fillFee"] = Num(fee);
        push["fillFeeCcy"] = instrument.QuoteCurrency;
        push["fillPnl"] = Num(pnl);
        push["fillNotionalUsd"] = Num(quantity * (instrument.IsSwap ? instrument.ContractValue : 1m) * price);
        _sink.OrderChanged(order.InstType, order.InstId, push);
        if (instrument.IsSwap)
        {
            if (!_algos.Any(a => a.ParentOrdId == order.OrdId))
            {
                CreateAttachedAlgos(order);
            }
            _sink.PositionsChanged([(order.InstType, order.InstId, RenderPosition(_positions[order.InstId]))]);
        }
        _sink.AccountChanged(RenderBalance(null));
    }

    /// <summary>Updates the net position and USDT cash for a swap trade; returns the realised P&amp;L (before fees).</summary>
    private decimal BookSwapTrade(FakeOkxInstrument instrument, FakeOkxOrder order, decimal quantity, decimal price, decimal fee,
        string tradeId, DateTimeOffset now)
    {
        var signed = order.Side == "buy" ? quantity : -quantity;
        var existing = _positions.TryGetValue(order.InstId, out var p) ? p : null;
        var old = existing?.Contracts ?? 0m;
        var avg = existing?.AveragePrice ?? 0m;
        var pnl = 0m;
        decimal? newAvg;
        var next = old + signed;
        if (old == 0m || Math.Sign(old) == Math.Sign(signed))
        {
            newAvg = ((Math.Abs(old) * avg) + (quantity * price)) / (Math.Abs(old) + quantity);
        }
        else
        {
            var closing = Math.Min(quantity, Math.Abs(old));
            pnl = (price - avg) * closing * instrument.ContractValue * Math.Sign(old);
            newAvg = next == 0m ? null : Math.Sign(next) != Math.Sign(old) ? price : avg;
        }
        _cash[Usdt] = _cash.GetValueOrDefault(Usdt) + pnl + fee;
        var reopened = existing is null || old == 0m;
        _positions[order.InstId] = new FakeOkxPosition
        {
            PosId = existing?.PosId ?? NextId(),
            InstType = instrument.InstType,
            InstId = instrument.InstId,
            MarginMode = reopened ? order.TdMode : existing!.MarginMode,
            Contracts = next,
            AveragePrice = newAvg,
            RealizedPnl = (reopened ? 0m : existing!.RealizedPnl) + pnl + fee,
            ClosedPnl = (reopened ? 0m : existing!.ClosedPnl) + pnl,
            Fee = (reopened ? 0m : existing!.Fee) + fee,
            Leverage = LeverageOf(order.InstId),
            LastTradeId = tradeId,
            CreatedAt = reopened ? now : existing!.CreatedAt,
            UpdatedAt = now,
        };
        if (next == 0m)
        {
            CancelCloseFractionAlgos(order.InstId);
        }
        return pnl;
    }

    // ---------- helpers ----------

    private int? FindOrder(string? instId, string? ordId, string? clOrdId)
    {
        if (!string.IsNullOrEmpty(ordId))
        {
            return _orderIndex.TryGetValue(ordId, out var i) && (string.IsNullOrEmpty(instId) || _orders[i].InstId == instId)
                ? i
                : null;
        }
        if (string.IsNullOrEmpty(clOrdId))
        {
            return null;
        }
        for (var i = _orders.Count - 1; i >= 0; i--)
        {
            if (_orders[i].ClOrdId == clOrdId && (string.IsNullOrEmpty(instId) || _orders[i].InstId == instId))
            {
                return i;
            }
        }
        return null;
    }

    private JsonObject OrderAck(string ordId, string clOrdId, string tag, FakeOkxError? error) => new()
    {
        ["ordId"] = ordId,
        ["clOrdId"] = clOrdId,
        ["tag"] = tag,
        ["ts"] = Ms(Now),
        ["sCode"] = error?.Code ?? "0",
        ["sMsg"] = error?.Message ?? "Order placed",
        ["subCode"] = string.Empty,
    };

    private JsonObject AmendFail(FakeOkxOrder order, string reqId, FakeOkxError error)
    {
        var ack = OrderAck(order.OrdId, order.ClOrdId, order.Tag, error);
        ack["reqId"] = reqId;
        return ack;
    }

    private JsonObject RenderOrder(FakeOkxOrder o, bool ws)
    {
        var attached = new JsonArray();
        foreach (var a in o.AttachedAlgos)
        {
            attached.Add(new JsonObject
            {
                ["attachAlgoId"] = a.AttachAlgoId,
                ["attachAlgoClOrdId"] = a.AttachAlgoClOrdId,
                ["sz"] = Num(a.Size),
                ["slTriggerPx"] = Num(a.StopLossTriggerPrice),
                ["slTriggerPxType"] = a.StopLossTriggerPrice is null ? string.Empty : "last",
                ["slOrdPx"] = Num(a.StopLossOrderPrice),
                ["tpTriggerPx"] = Num(a.TakeProfitTriggerPrice),
                ["tpTriggerPxType"] = a.TakeProfitTriggerPrice is null ? string.Empty : "last",
                ["tpOrdPx"] = Num(a.TakeProfitOrderPrice),
            });
        }
        var first = o.AttachedAlgos.Count > 0 ? o.AttachedAlgos[0] : null;
        var json = new JsonObject
        {
            ["instType"] = o.InstType,
            ["instId"] = o.InstId,
            ["ordId"] = o.OrdId,
            ["clOrdId"] = o.ClOrdId,
            ["tag"] = o.Tag,
            ["category"] = "normal",
            ["source"] = string.Empty,
            ["side"] = o.Side,
            ["posSide"] = o.InstType == "SWAP" ? "net" : string.Empty,
            ["tdMode"] = o.TdMode,
            ["ordType"] = o.OrdType,
            ["px"] = Num(o.Price),
            ["sz"] = Num(o.Size),
            ["tgtCcy"] = o.TgtCcy,
            ["ccy"] = string.Empty,
            ["lever"] = o.InstType == "SWAP" ? Num(o.Leverage) : string.Empty,
            ["reduceOnly"] = o.ReduceOnly ? "true" : "false",
            ["state"] = o.State,
            ["accFillSz"] = Num(o.FilledSize),
            ["fillSz"] = Num(o.LastFillSize),
            ["fillPx"] = o.LastFillPrice is null ? string.Empty : Num(o.LastFillPrice),
            ["avgPx"] = o.AveragePrice is null ? (ws ? "0" : string.Empty) : Num(o.AveragePrice),
            ["fillTime"] = Ms(o.FillTime),
            ["tradeId"] = o.TradeId,
            ["fee"] = Num(o.Fee),
            ["feeCcy"] = o.InstType == "SWAP" ? "USDT" : o.InstId.Split('-')[^1],
            ["rebate"] = "0",
            ["rebateCcy"] = "USDT",
            ["pnl"] = Num(o.Pnl),
            ["stpMode"] = "cancel_maker",
            ["stpId"] = string.Empty,
            ["tpTriggerPx"] = Num(first?.TakeProfitTriggerPrice),
            ["tpTriggerPxType"] = first?.TakeProfitTriggerPrice is null ? string.Empty : "last",
            ["tpOrdPx"] = Num(first?.TakeProfitOrderPrice),
            ["slTriggerPx"] = Num(first?.StopLossTriggerPrice),
            ["slTriggerPxType"] = first?.StopLossTriggerPrice is null ? string.Empty : "last",
            ["slOrdPx"] = Num(first?.StopLossOrderPrice),
            ["attachAlgoOrds"] = attached,
            ["attachAlgoClOrdId"] = first?.AttachAlgoClOrdId ?? string.Empty,
            ["linkedAlgoOrd"] = new JsonObject { ["algoId"] = string.Empty },
            ["isTpLimit"] = "false",
            ["algoId"] = o.AlgoId,
            ["algoClOrdId"] = o.AlgoClOrdId,
            ["cancelSource"] = o.CancelSource,
            ["cancelSourceReason"] = string.Empty,
            ["cTime"] = Ms(o.CreatedAt),
            ["uTime"] = Ms(o.UpdatedAt),
        };
        if (ws)
        {
            json["code"] = "0";
            json["msg"] = string.Empty;
            json["execType"] = string.Empty;
            json["fillFee"] = "0";
            json["fillFeeCcy"] = string.Empty;
            json["fillPnl"] = "0";
            json["fillNotionalUsd"] = string.Empty;
            json["notionalUsd"] = string.Empty;
            json["amendResult"] = string.Empty;
            json["reqId"] = string.Empty;
            json["lastPx"] = Num(LastOrNull(o.InstId));
        }
        return json;
    }
}
