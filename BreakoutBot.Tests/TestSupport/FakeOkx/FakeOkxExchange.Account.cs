using System.Text.Json.Nodes;
using static BreakoutBot.Tests.TestSupport.FakeOkx.FakeOkxJson;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>Account: balances, positions, account config, leverage and position mode.</summary>
internal sealed partial class FakeOkxExchange
{
    public JsonObject RenderBalanceFor(IReadOnlyCollection<string>? currencies)
    {
        lock (_gate)
        {
            return RenderBalance(currencies);
        }
    }

    public JsonArray RenderPositions(string? instType, IReadOnlyCollection<string>? instIds)
    {
        lock (_gate)
        {
            var data = new JsonArray();
            foreach (var p in _positions.Values.Where(p => p.IsOpen &&
                         (instType is null or "ANY" || p.InstType == instType) && (instIds is null || instIds.Contains(p.InstId))))
            {
                data.Add(RenderPosition(p));
            }
            return data;
        }
    }

    public JsonObject RenderConfig()
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["acctLv"] = "2",
                ["posMode"] = _positionMode,
                ["perm"] = "read_only,trade",
                ["uid"] = Uid,
                ["mainUid"] = Uid,
                ["label"] = "fake-okx",
                ["autoLoan"] = false,
                ["ctIsoMode"] = "automatic",
                ["mgnIsoMode"] = "automatic",
                ["level"] = "Lv1",
                ["acctStpMode"] = "cancel_maker",
                ["greeksType"] = "PA",
                ["ip"] = string.Empty,
                ["traderInsts"] = new JsonArray(),
            };
        }
    }

    /// <summary>Returns the data item, or an error for the top-level code.</summary>
    public (JsonObject? Data, FakeOkxError? Error) SetLeverage(JsonObject body)
    {
        lock (_gate)
        {
            var instId = Str(body, "instId");
            if (string.IsNullOrEmpty(instId))
            {
                return (null, FakeOkxError.Empty("instId"));
            }
            if (!_instruments.TryGetValue(instId, out var instrument))
            {
                return (null, FakeOkxError.NoInstrument);
            }
            var mgnMode = Str(body, "mgnMode");
            if (mgnMode is not ("cross" or "isolated"))
            {
                return (null, FakeOkxError.Param("mgnMode"));
            }
            if (!TryDecimal(Str(body, "lever"), out var lever) || lever is null || lever < 1m)
            {
                return (null, FakeOkxError.Param("lever"));
            }
            if (lever > instrument.MaxLeverage)
            {
                return (null, new FakeOkxError("59102", "Leverage exceeds the maximum leverage. Please adjust your leverage."));
            }
            _leverage[instId] = lever.Value;
            if (_positions.TryGetValue(instId, out var p))
            {
                _positions[instId] = p with { Leverage = lever.Value };
            }
            return (new JsonObject
            {
                ["lever"] = Num(lever),
                ["mgnMode"] = mgnMode,
                ["instId"] = instId,
                ["posSide"] = Str(body, "posSide") ?? string.Empty,
            }, null);
        }
    }

    public (JsonObject? Data, FakeOkxError? Error) SetPositionMode(JsonObject body)
    {
        lock (_gate)
        {
            var mode = Str(body, "posMode");
            if (mode is not ("net_mode" or "long_short_mode"))
            {
                return (null, FakeOkxError.Param("posMode"));
            }
            if (mode != _positionMode && (_positions.Values.Any(p => p.IsOpen) || _orders.Any(o => o.IsPending) || _algos.Any(a => a.IsLive)))
            {
                return (null, new FakeOkxError("59000", "Settings failed. Close any open positions or orders before modifying settings."));
            }
            _positionMode = mode;
            return (new JsonObject { ["posMode"] = mode }, null);
        }
    }

    // ---------- computation ----------

    private FakeOkxBalance ComputeBalance(string currency)
    {
        var cash = _cash.GetValueOrDefault(currency);
        var orderFrozen = 0m;
        var positionMargin = 0m;
        var upl = 0m;
        foreach (var order in _orders.Where(o => o.IsPending && !o.ReduceOnly))
        {
            var instrument = _instruments[order.InstId];
            var remaining = order.Size - order.FilledSize;
            var px = order.Price ?? LastOrNull(order.InstId) ?? 0m;
            if (instrument.IsSwap && currency == instrument.QuoteCurrency)
            {
                orderFrozen += remaining * instrument.ContractValue * px / order.Leverage;
            }
            else if (!instrument.IsSwap && order.Side == "buy" && currency == instrument.QuoteCurrency)
            {
                orderFrozen += order.TgtCcy == "quote_ccy" ? remaining : remaining * px;
            }
            else if (!instrument.IsSwap && order.Side == "sell" && currency == instrument.BaseCurrency)
            {
                orderFrozen += remaining;
            }
        }
        foreach (var p in _positions.Values.Where(p => p.IsOpen))
        {
            var instrument = _instruments[p.InstId];
            if (currency != instrument.QuoteCurrency)
            {
                continue;
            }
            var last = LastOrNull(p.InstId) ?? p.AveragePrice ?? 0m;
            positionMargin += Math.Abs(p.Contracts) * instrument.ContractValue * last / p.Leverage;
            upl += PositionUpl(p, instrument, last);
        }
        var frozen = orderFrozen + positionMargin;
        var equity = cash + upl;
        return new FakeOkxBalance(currency, cash, equity, equity - frozen, frozen, orderFrozen, upl);
    }

    private static decimal PositionUpl(FakeOkxPosition p, FakeOkxInstrument instrument, decimal last) =>
        (last - (p.AveragePrice ?? last)) * p.Contracts * instrument.ContractValue;

    private JsonObject RenderBalance(IReadOnlyCollection<string>? currencies)
    {
        var now = Ms(Now);
        var details = new JsonArray();
        var totalEq = 0m;
        var totalUpl = 0m;
        var totalFrozen = 0m;
        foreach (var currency in _cash.Keys.Where(c => currencies is null || currencies.Contains(c)).Order(StringComparer.Ordinal))
        {
            var b = ComputeBalance(currency);
            var usd = currency == Usdt ? 1m : LastOrNull($"{currency}-USDT") ?? 0m;
            totalEq += b.Equity * usd;
            totalUpl += b.UnrealizedPnl * usd;
            totalFrozen += b.OrderFrozen * usd;
            details.Add(new JsonObject
            {
                ["ccy"] = currency,
                ["eq"] = Num(b.Equity),
                ["cashBal"] = Num(b.CashBalance),
                ["availBal"] = Num(b.CashBalance - b.Frozen),
                ["availEq"] = Num(b.Available),
                ["frozenBal"] = Num(b.Frozen),
                ["ordFrozen"] = Num(b.OrderFrozen),
                ["upl"] = Num(b.UnrealizedPnl),
                ["isoEq"] = "0",
                ["eqUsd"] = Num(b.Equity * usd),
                ["disEq"] = Num(b.Equity * usd),
                ["liab"] = string.Empty,
                ["maxLoan"] = string.Empty,
                ["uTime"] = now,
            });
        }
        return new JsonObject
        {
            ["totalEq"] = Num(totalEq),
            ["adjEq"] = string.Empty,
            ["availEq"] = string.Empty,
            ["imr"] = string.Empty,
            ["mmr"] = string.Empty,
            ["mgnRatio"] = string.Empty,
            ["notionalUsd"] = string.Empty,
            ["ordFroz"] = Num(totalFrozen),
            ["isoEq"] = "0",
            ["upl"] = Num(totalUpl),
            ["uTime"] = now,
            ["details"] = details,
        };
    }

    private JsonObject RenderPosition(FakeOkxPosition p)
    {
        var instrument = _instruments[p.InstId];
        var last = LastOrNull(p.InstId) ?? p.AveragePrice ?? 0m;
        var upl = PositionUpl(p, instrument, last);
        var notional = Math.Abs(p.Contracts) * instrument.ContractValue * last;
        var imr = p.Leverage > 0 ? notional / p.Leverage : 0m;
        var closeAlgos = new JsonArray();
        foreach (var a in _algos.Where(a => a.IsLive && a.InstId == p.InstId && a.CloseFraction is not null))
        {
            closeAlgos.Add(new JsonObject
            {
                ["algoId"] = a.AlgoId,
                ["slTriggerPx"] = Num(a.StopLossTriggerPrice),
                ["slTriggerPxType"] = a.StopLossTriggerPrice is null ? string.Empty : "last",
                ["tpTriggerPx"] = Num(a.TakeProfitTriggerPrice),
                ["tpTriggerPxType"] = a.TakeProfitTriggerPrice is null ? string.Empty : "last",
                ["closeFraction"] = Num(a.CloseFraction),
            });
        }
        return new JsonObject
        {
            ["instType"] = p.InstType,
            ["instId"] = p.InstId,
            ["posId"] = p.PosId,
            ["posSide"] = "net",
            ["pos"] = Num(p.Contracts),
            ["availPos"] = Num(Math.Abs(p.Contracts)),
            ["mgnMode"] = p.MarginMode,
            ["ccy"] = instrument.QuoteCurrency,
            ["posCcy"] = string.Empty,
            ["avgPx"] = Num(p.AveragePrice),
            ["markPx"] = Num(last),
            ["last"] = Num(last),
            ["idxPx"] = Num(last),
            ["usdPx"] = string.Empty,
            ["liqPx"] = string.Empty,
            ["bePx"] = Num(p.AveragePrice),
            ["upl"] = Num(upl),
            ["uplRatio"] = imr > 0 ? Num(decimal.Round(upl / imr, 10)) : "0",
            ["uplLastPx"] = Num(upl),
            ["uplRatioLastPx"] = imr > 0 ? Num(decimal.Round(upl / imr, 10)) : "0",
            ["realizedPnl"] = Num(p.RealizedPnl),
            ["pnl"] = Num(p.ClosedPnl),
            ["fee"] = Num(p.Fee),
            ["fundingFee"] = "0",
            ["liqPenalty"] = "0",
            ["lever"] = Num(p.Leverage),
            ["margin"] = p.MarginMode == "isolated" ? Num(imr) : string.Empty,
            ["imr"] = p.MarginMode == "cross" ? Num(imr) : string.Empty,
            ["mmr"] = Num(notional * 0.004m),
            ["mgnRatio"] = string.Empty,
            ["notionalUsd"] = Num(notional),
            ["adl"] = "1",
            ["cTime"] = Ms(p.CreatedAt),
            ["uTime"] = Ms(p.UpdatedAt),
            ["tradeId"] = p.LastTradeId,
            ["closeOrderAlgo"] = closeAlgos,
        };
    }
}
