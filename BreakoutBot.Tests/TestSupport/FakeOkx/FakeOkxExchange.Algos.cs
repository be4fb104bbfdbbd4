using System.Text.Json.Nodes;
using static BreakoutBot.Tests.TestSupport.FakeOkx.FakeOkxJson;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>Algo orders: conditional (stop-loss / take-profit), oco and trigger; attached TP/SL; triggering.</summary>
internal sealed partial class FakeOkxExchange
{
    public JsonObject PlaceAlgo(JsonObject body)
    {
        lock (_gate)
        {
            var algoClOrdId = Str(body, "algoClOrdId") ?? string.Empty;
            var error = ValidateAlgo(body, algoClOrdId, out var algo);
            if (error is not null || algo is null)
            {
                return AlgoAck(string.Empty, algoClOrdId, error);
            }
            _algoIndex[algo.AlgoId] = _algos.Count;
            _algos.Add(algo);
            return AlgoAck(algo.AlgoId, algoClOrdId, null);
        }
    }

    public JsonObject AmendAlgo(JsonObject body)
    {
        lock (_gate)
        {
            var reqId = Str(body, "reqId") ?? string.Empty;
            var index = FindAlgo(Str(body, "instId"), Str(body, "algoId"), Str(body, "algoClOrdId"));
            if (index is null || !_algos[index.Value].IsLive)
            {
                return WithReqId(AlgoAck(Str(body, "algoId") ?? string.Empty, Str(body, "algoClOrdId") ?? string.Empty,
                    new FakeOkxError("51603", "Order does not exist")), reqId);
            }
            var algo = _algos[index.Value];
            var instrument = _instruments[algo.InstId];
            if (!TryDecimal(Str(body, "newSz"), out var newSize) || newSize <= 0 ||
                !TryDecimal(Str(body, "newSlTriggerPx"), out var newSl) || newSl < 0 ||
                !TryDecimal(Str(body, "newTpTriggerPx"), out var newTp) || newTp < 0 ||
                !TryDecimal(Str(body, "newSlOrdPx"), out var newSlOrd) ||
                !TryDecimal(Str(body, "newTpOrdPx"), out var newTpOrd))
            {
                return WithReqId(AlgoAck(algo.AlgoId, algo.AlgoClOrdId, FakeOkxError.Param("amend")), reqId);
            }
            if (newSize is { } s && (!IsMultipleOf(s, instrument.LotSize) || s < instrument.MinSize))
            {
                return WithReqId(AlgoAck(algo.AlgoId, algo.AlgoClOrdId,
                    new FakeOkxError("51121", "Order quantity must be a multiple of the lot size")), reqId);
            }
            if ((newSl is { } sl && sl > 0 && !IsMultipleOf(sl, instrument.TickSize)) ||
                (newTp is { } tp && tp > 0 && !IsMultipleOf(tp, instrument.TickSize)))
            {
                return WithReqId(AlgoAck(algo.AlgoId, algo.AlgoClOrdId,
                    new FakeOkxError("51150", "The precision of the number of trading or the price exceeds the limit")), reqId);
            }
            // "0" removes a leg, "" or absent leaves it unchanged.
            var sl2 = newSl is null ? algo.StopLossTriggerPrice : newSl == 0 ? null : newSl;
            var tp2 = newTp is null ? algo.TakeProfitTriggerPrice : newTp == 0 ? null : newTp;
            if (sl2 is null && tp2 is null)
            {
                return WithReqId(AlgoAck(algo.AlgoId, algo.AlgoClOrdId,
                    new FakeOkxError("50015", "Either parameter tpTriggerPx or slTriggerPx is required")), reqId);
            }
            algo = algo with
            {
                Size = newSize ?? algo.Size,
                StopLossTriggerPrice = sl2,
                StopLossOrderPrice = sl2 is null ? null : newSlOrd ?? algo.StopLossOrderPrice ?? -1m,
                TakeProfitTriggerPrice = tp2,
                TakeProfitOrderPrice = tp2 is null ? null : newTpOrd ?? algo.TakeProfitOrderPrice ?? -1m,
                UpdatedAt = Now,
                Amendments = algo.Amendments + 1,
            };
            _algos[index.Value] = algo;
            return WithReqId(AlgoAck(algo.AlgoId, algo.AlgoClOrdId, null), reqId);
        }
    }

    public JsonObject CancelAlgo(JsonObject item)
    {
        lock (_gate)
        {
            var index = FindAlgo(Str(item, "instId"), Str(item, "algoId"), Str(item, "algoClOrdId"));
            if (index is null || !_algos[index.Value].IsLive)
            {
                return AlgoAck(Str(item, "algoId") ?? string.Empty, Str(item, "algoClOrdId") ?? string.Empty,
                    new FakeOkxError("51603", "Order does not exist"));
            }
            var algo = _algos[index.Value] with { State = "canceled", UpdatedAt = Now };
            _algos[index.Value] = algo;
            var ack = AlgoAck(algo.AlgoId, algo.AlgoClOrdId, null);
            ack["sMsg"] = string.Empty;
            return ack;
        }
    }

    public JsonArray RenderPendingAlgos(IReadOnlyCollection<string> ordTypes, string? instType, string? instId, string? algoId)
    {
        lock (_gate)
        {
            var data = new JsonArray();
            foreach (var algo in Enumerable.Reverse(_algos).Where(a => a.IsLive && ordTypes.Contains(a.OrdType) &&
                         (instType is null || a.InstType == instType) && (instId is null || a.InstId == instId) &&
                         (algoId is null || a.AlgoId == algoId)))
            {
                data.Add(RenderAlgo(algo));
            }
            return data;
        }
    }

    /// <summary>One algo order in any state by algoId or algoClOrdId (the latest with that id); null when absent.</summary>
    public JsonObject? RenderAlgoDetails(string? algoId, string? algoClOrdId)
    {
        lock (_gate)
        {
            return FindAlgo(null, algoId, algoClOrdId) is { } index ? RenderAlgo(_algos[index]) : null;
        }
    }

    // ---------- validation ----------

    private FakeOkxError? ValidateAlgo(JsonObject body, string algoClOrdId, out FakeOkxAlgoOrder? algo)
    {
        algo = null;
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
        var side = Str(body, "side");
        if (side is not ("buy" or "sell"))
        {
            return FakeOkxError.Param("side");
        }
        var ordType = Str(body, "ordType");
        if (ordType is not ("conditional" or "oco" or "trigger"))
        {
            return FakeOkxError.Param("ordType");
        }
        if (algoClOrdId.Length > 0 && !IsValidClientId(algoClOrdId))
        {
            return FakeOkxError.Param("algoClOrdId");
        }
        if (algoClOrdId.Length > 0 && _algos.Any(a => a.IsLive && a.AlgoClOrdId == algoClOrdId))
        {
            return new FakeOkxError("51065", "algoClOrdId already exists.");
        }
        if (!TryDecimal(Str(body, "sz"), out var size) || size <= 0 ||
            !TryDecimal(Str(body, "closeFraction"), out var closeFraction) ||
            !TryDecimal(Str(body, "slTriggerPx"), out var sl) || sl <= 0 ||
            !TryDecimal(Str(body, "tpTriggerPx"), out var tp) || tp <= 0 ||
            !TryDecimal(Str(body, "slOrdPx"), out var slOrd) || !TryDecimal(Str(body, "tpOrdPx"), out var tpOrd) ||
            !TryDecimal(Str(body, "triggerPx"), out var trigger) || trigger <= 0 ||
            !TryDecimal(Str(body, "orderPx"), out var orderPx))
        {
            return FakeOkxError.Param("price or size");
        }
        var reduceOnly = Bool(body, "reduceOnly");
        if (closeFraction is not null)
        {
            if (closeFraction != 1m || ordType == "trigger" || !reduceOnly || !instrument.IsSwap)
            {
                return FakeOkxError.Param("closeFraction");
            }
            if (!HasOppositePosition(instId, side))
            {
                return new FakeOkxError("51169", "Order failed because you don't have any positions in this direction for this contract to reduce or close.");
            }
        }
        else if (size is null)
        {
            return FakeOkxError.Empty("sz");
        }
        if (size is { } s)
        {
            if (!IsMultipleOf(s, instrument.LotSize))
            {
                return new FakeOkxError("51121", "Order quantity must be a multiple of the lot size");
            }
            if (s < instrument.MinSize)
            {
                return new FakeOkxError("51020", "Order amount should be greater than the min available amount");
            }
        }
        if (ordType == "conditional" && sl is null && tp is null)
        {
            return new FakeOkxError("50015", "Either parameter tpTriggerPx or slTriggerPx is required");
        }
        if (ordType == "oco" && (sl is null || tp is null))
        {
            return FakeOkxError.Empty(sl is null ? "slTriggerPx" : "tpTriggerPx");
        }
        if (ordType == "trigger" && trigger is null)
        {
            return FakeOkxError.Empty("triggerPx");
        }
        foreach (var px in new[] { sl, tp, trigger, slOrd > 0 ? slOrd : null, tpOrd > 0 ? tpOrd : null, orderPx > 0 ? orderPx : null })
        {
            if (px is { } p && !IsMultipleOf(p, instrument.TickSize))
            {
                return new FakeOkxError("51150", "The precision of the number of trading or the price exceeds the limit");
            }
        }
        var now = Now;
        algo = new FakeOkxAlgoOrder
        {
            AlgoId = NextId(),
            AlgoClOrdId = algoClOrdId,
            InstType = instrument.InstType,
            InstId = instId,
            Side = side,
            OrdType = ordType,
            TdMode = tdMode,
            Size = size,
            CloseFraction = closeFraction,
            ReduceOnly = reduceOnly,
            StopLossTriggerPrice = ordType == "trigger" ? null : sl,
            StopLossOrderPrice = ordType == "trigger" || sl is null ? null : slOrd ?? -1m,
            TakeProfitTriggerPrice = ordType == "trigger" ? null : tp,
            TakeProfitOrderPrice = ordType == "trigger" || tp is null ? null : tpOrd ?? -1m,
            TriggerPrice = ordType == "trigger" ? trigger : null,
            OrderPrice = ordType == "trigger" ? orderPx ?? -1m : null,
            ReferencePrice = LastOrNull(instId) ?? 0m,
            State = "live",
            CreatedAt = now,
            UpdatedAt = now,
        };
        return null;
    }

    private bool HasOppositePosition(string instId, string side)
    {
        var contracts = _positions.TryGetValue(instId, out var p) ? p.Contracts : 0m;
        return side == "sell" ? contracts > 0 : contracts < 0;
    }

    // ---------- lifecycle ----------

    /// <summary>Turns the TP/SL attached to a just-filled entry into live algo orders (reduce-only, opposite side).</summary>
    private void CreateAttachedAlgos(FakeOkxOrder entry)
    {
        foreach (var attached in entry.AttachedAlgos)
        {
            var both = attached.StopLossTriggerPrice is not null && attached.TakeProfitTriggerPrice is not null;
            var now = Now;
            var algo = new FakeOkxAlgoOrder
            {
                // Real OKX gives the created algo order its own algoId, not the attachAlgoId; only algoClOrdId carries over.
                AlgoId = NextId(),
                AlgoClOrdId = attached.AttachAlgoClOrdId,
                InstType = entry.InstType,
                InstId = entry.InstId,
                Side = entry.Side == "buy" ? "sell" : "buy",
                OrdType = both ? "oco" : "conditional",
                TdMode = entry.TdMode,
                Size = attached.Size ?? entry.FilledSize,
                ReduceOnly = true,
                StopLossTriggerPrice = attached.StopLossTriggerPrice,
                StopLossOrderPrice = attached.StopLossTriggerPrice is null ? null : attached.StopLossOrderPrice ?? -1m,
                TakeProfitTriggerPrice = attached.TakeProfitTriggerPrice,
                TakeProfitOrderPrice = attached.TakeProfitTriggerPrice is null ? null : attached.TakeProfitOrderPrice ?? -1m,
                ReferencePrice = LastOrNull(entry.InstId) ?? 0m,
                State = "live",
                ParentOrdId = entry.OrdId,
                AttachAlgoClOrdId = attached.AttachAlgoClOrdId,
                CreatedAt = now,
                UpdatedAt = now,
            };
            _algoIndex[algo.AlgoId] = _algos.Count;
            _algos.Add(algo);
        }
    }

    private void FireAlgoOrders(FakeOkxInstrument instrument, decimal last)
    {
        var live = _algos.Where(a => a.IsLive && a.InstId == instrument.InstId).Select(a => a.AlgoId).ToList();
        foreach (var algoId in live)
        {
            var algo = _algos[_algoIndex[algoId]];
            if (!algo.IsLive)
            {
                continue;
            }
            string? leg;
            if (algo.OrdType == "trigger")
            {
                var trigger = algo.TriggerPrice!.Value;
                var crossed = algo.ReferencePrice < trigger ? last >= trigger
                    : algo.ReferencePrice > trigger ? last <= trigger
                    : true;
                leg = crossed ? string.Empty : null;
            }
            else
            {
                var sell = algo.Side == "sell";
                var slHit = algo.StopLossTriggerPrice is { } sl && (sell ? last <= sl : last >= sl);
                var tpHit = algo.TakeProfitTriggerPrice is { } tp && (sell ? last >= tp : last <= tp);
                // OKX: a net-mode conditional order with both legs runs only the stop-loss logic; oco runs both.
                if (algo.OrdType == "conditional" && algo.StopLossTriggerPrice is not null)
                {
                    tpHit = false;
                }
                leg = slHit ? "sl" : tpHit ? "tp" : null;
            }
            if (leg is not null)
            {
                ExecuteAlgo(_algoIndex[algoId], leg, last);
            }
        }
    }

    private void ExecuteAlgo(int index, string leg, decimal last)
    {
        var algo = _algos[index];
        var now = Now;
        var orderPx = leg switch
        {
            "sl" => algo.StopLossOrderPrice,
            "tp" => algo.TakeProfitOrderPrice,
            _ => algo.OrderPrice,
        };
        var isMarket = orderPx is null or -1m;
        var contracts = _positions.TryGetValue(algo.InstId, out var p) ? p.Contracts : 0m;
        decimal size;
        if (algo.ReduceOnly || algo.CloseFraction is not null)
        {
            var opposite = algo.Side == "sell" ? Math.Max(contracts, 0m) : Math.Max(-contracts, 0m);
            if (opposite == 0m)
            {
                _algos[index] = algo with { State = "order_failed", ActualSide = leg, TriggerTime = now, UpdatedAt = now };
                return;
            }
            size = algo.CloseFraction is not null ? opposite : Math.Min(algo.Size ?? opposite, opposite);
        }
        else
        {
            size = algo.Size ?? 0m;
        }
        var child = new FakeOkxOrder
        {
            OrdId = NextId(),
            ClOrdId = string.Empty,
            Tag = string.Empty,
            InstType = algo.InstType,
            InstId = algo.InstId,
            Side = algo.Side,
            OrdType = isMarket ? "market" : "limit",
            TdMode = algo.TdMode,
            Size = size,
            Price = isMarket ? null : orderPx,
            ReduceOnly = algo.ReduceOnly || algo.CloseFraction is not null,
            State = "live",
            Leverage = algo.InstType == "SWAP" ? LeverageOf(algo.InstId) : 0m,
            AlgoId = algo.AlgoId,
            AlgoClOrdId = algo.AlgoClOrdId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        _orderIndex[child.OrdId] = _orders.Count;
        _orders.Add(child);
        _algos[index] = algo with
        {
            State = "effective",
            ActualSide = leg,
            ActualSize = size,
            ActualPrice = isMarket ? last : orderPx,
            ChildOrdId = child.OrdId,
            TriggerTime = now,
            UpdatedAt = now,
        };
        _sink.OrderChanged(child.InstType, child.InstId, RenderOrder(child, ws: true));
        if (isMarket)
        {
            Fill(child.OrdId, last, taker: true);
        }
        else if (Crosses(child, last))
        {
            Fill(child.OrdId, last, taker: true);
        }
    }

    private void CancelCloseFractionAlgos(string instId)
    {
        for (var i = 0; i < _algos.Count; i++)
        {
            if (_algos[i].IsLive && _algos[i].InstId == instId && _algos[i].CloseFraction is not null)
            {
                _algos[i] = _algos[i] with { State = "canceled", UpdatedAt = Now };
            }
        }
    }

    // ---------- helpers ----------

    private int? FindAlgo(string? instId, string? algoId, string? algoClOrdId)
    {
        for (var i = _algos.Count - 1; i >= 0; i--)
        {
            var a = _algos[i];
            var match = !string.IsNullOrEmpty(algoId) ? a.AlgoId == algoId
                : !string.IsNullOrEmpty(algoClOrdId) && a.AlgoClOrdId == algoClOrdId;
            if (match && (string.IsNullOrEmpty(instId) || a.InstId == instId))
            {
                return i;
            }
        }
        return null;
    }

    private static JsonObject AlgoAck(string algoId, string algoClOrdId, FakeOkxError? error) => new()
    {
        ["algoId"] = algoId,
        ["clOrdId"] = string.Empty,
        ["algoClOrdId"] = algoClOrdId,
        ["sCode"] = error?.Code ?? "0",
        ["sMsg"] = error?.Message ?? "Order placed",
        ["tag"] = string.Empty,
    };

    private static JsonObject WithReqId(JsonObject ack, string reqId)
    {
        ack["reqId"] = reqId;
        return ack;
    }

    private JsonObject RenderAlgo(FakeOkxAlgoOrder a) => new()
    {
        ["instType"] = a.InstType,
        ["instId"] = a.InstId,
        ["ordId"] = a.ChildOrdId,
        ["ordIdList"] = a.ChildOrdId.Length > 0 ? new JsonArray(a.ChildOrdId) : new JsonArray(),
        ["algoId"] = a.AlgoId,
        ["clOrdId"] = string.Empty,
        ["algoClOrdId"] = a.AlgoClOrdId,
        ["attachAlgoClOrdId"] = a.AttachAlgoClOrdId,
        ["sz"] = Num(a.Size),
        ["closeFraction"] = Num(a.CloseFraction),
        ["ordType"] = a.OrdType,
        ["side"] = a.Side,
        ["posSide"] = a.InstType == "SWAP" ? "net" : string.Empty,
        ["tdMode"] = a.TdMode,
        ["tgtCcy"] = string.Empty,
        ["state"] = a.State,
        ["lever"] = a.InstType == "SWAP" ? Num(LeverageOf(a.InstId)) : string.Empty,
        ["tpTriggerPx"] = Num(a.TakeProfitTriggerPrice),
        ["tpTriggerPxType"] = a.TakeProfitTriggerPrice is null ? string.Empty : "last",
        ["tpOrdPx"] = Num(a.TakeProfitOrderPrice),
        ["slTriggerPx"] = Num(a.StopLossTriggerPrice),
        ["slTriggerPxType"] = a.StopLossTriggerPrice is null ? string.Empty : "last",
        ["slOrdPx"] = Num(a.StopLossOrderPrice),
        ["triggerPx"] = Num(a.TriggerPrice),
        ["triggerPxType"] = a.TriggerPrice is null ? string.Empty : "last",
        ["ordPx"] = Num(a.OrderPrice),
        ["actualSz"] = Num(a.ActualSize),
        ["actualPx"] = Num(a.ActualPrice),
        ["actualSide"] = a.ActualSide,
        ["triggerTime"] = Ms(a.TriggerTime),
        ["reduceOnly"] = a.ReduceOnly ? "true" : "false",
        ["last"] = Num(LastOrNull(a.InstId)),
        ["cTime"] = Ms(a.CreatedAt),
        ["uTime"] = Ms(a.UpdatedAt),
    };
}
