using System.Globalization;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;

/// <summary>Placing and cancelling orders (amending: <c>OkxExchangeClient.Amend.cs</c>).</summary>
public sealed partial class OkxExchangeClient
{
    public async ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = Validate(request, out var instrument, out var contracts);
        if (invalid is not null)
        {
            return invalid;
        }
        var isAlgo = request.Type is OrderType.StopMarket or OrderType.TakeProfitMarket;
        var placement = isAlgo ? AlgoPlacement(request, instrument, contracts) : RegularPlacement(request, instrument, contracts);

        // The intent is durable before anything leaves the process: a crash or an unanswered request can then only be
        // resolved by looking the order up by this client id. When the journal cannot be written (the database is down),
        // an order that opens risk waits; one that only reduces or protects a position (a stop, a take-profit, an exit,
        // the kill switch's flatten) is sent anyway: sent twice it could still only reduce.
        if (!await TryRecordIntentAsync(request, cancellationToken))
        {
            return OrderResult.Fail(ExchangeErrorCode.ExchangeBusy,
                $"Order {request.ClientOrderId} not sent: the order journal cannot be written (is the database reachable?); an opening order waits for it.");
        }
        if (request.AttachedStop is { } attachedStop)
        {
            // Known as an algo order before OKX has created it, so a lookup by this client id asks the algo endpoints.
            _attachedStops[attachedStop.ClientOrderId] = request.InstrumentId;
        }
        var result = await SendPlacementAsync(request, instrument, isAlgo, placement, cancellationToken);
        try
        {
            await _journal.RecordOutcomeAsync(
                request.ClientOrderId,
                result.Order,
                result.IsSuccess ? null : $"{result.Error}: {result.Message}",
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // What OKX answered stands: the engine must learn of an order that was placed even if its journal row stays
            // unanswered (a lookup by the client id resolves it later).
            _logger.LogError(ex, "The order journal could not record OKX's answer to {ClientOrderId}; the answer is used anyway.", request.ClientOrderId);
        }
        return result;
    }

    /// <summary>True once the intent is on record, or when it could not be but the order only reduces or protects a position.</summary>
    private async Task<bool> TryRecordIntentAsync(OrderRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _journal.RecordIntentAsync(request, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reduces = request.ReduceOnly || request.Type is OrderType.StopMarket or OrderType.TakeProfitMarket;
            if (reduces)
            {
                _logger.LogError(ex, "The order journal could not record {ClientOrderId} ({Type}); it is sent anyway, as it only reduces or protects a position.", request.ClientOrderId, request.Type);
            }
            else
            {
                _logger.LogError(ex, "The order journal could not record {ClientOrderId} ({Type}); the opening order is not sent.", request.ClientOrderId, request.Type);
            }
            return reduces;
        }
    }

    public async ValueTask<OrderResult> CancelOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default)
    {
        if (FindInstrument(instrumentId) is null)
        {
            return OrderResult.Fail(ExchangeErrorCode.UnknownInstrument, $"Cancel {orderId}: instrument '{instrumentId}' is not loaded.");
        }
        _byOrderId.TryGetValue(orderId, out var tracked);
        OkxError? error;
        bool isAlgo;
        if (tracked is not null)
        {
            isAlgo = tracked.IsAlgo;
            error = isAlgo ? await CancelAlgoAsync(instrumentId, orderId, cancellationToken) : await CancelRegularAsync(instrumentId, orderId, cancellationToken);
        }
        else
        {
            // After a restart the kind of an id is unknown: a regular order first, then an algo order.
            isAlgo = false;
            error = await CancelRegularAsync(instrumentId, orderId, cancellationToken);
            if (error is { Kind: OkxErrorKind.NotFound })
            {
                isAlgo = true;
                error = await CancelAlgoAsync(instrumentId, orderId, cancellationToken);
            }
        }
        if (error is not null)
        {
            return Fail(error, $"Cancel {orderId} on {instrumentId}");
        }
        var order = await TryGetOrderAsync(instrumentId, orderId, isAlgo, cancellationToken);
        if (order is null)
        {
            return OrderResult.Fail(ExchangeErrorCode.ExchangeBusy, $"Cancel {orderId} on {instrumentId} was accepted but the order could not be read back.");
        }
        // OKX accepts a cancel before it is final; the engine is told it is cancelled, as it will be.
        return OrderResult.Ok(order.IsOpen ? order with { Status = OrderStatus.Cancelled, UpdatedAt = _time.GetUtcNow() } : order);
    }

    private OrderResult? Validate(OrderRequest request, out Instrument instrument, out decimal contracts)
    {
        instrument = null!;
        contracts = 0m;
        if (!OkxClientOrderId.IsValid(request.ClientOrderId))
        {
            return Invalid($"ClientOrderId '{request.ClientOrderId}' must be 1 to {OkxClientOrderId.MaxLength} ASCII letters or digits (OKX clOrdId).");
        }
        if (request.AttachedStop is { } attached && !OkxClientOrderId.IsValid(attached.ClientOrderId))
        {
            return Invalid($"The attached stop's ClientOrderId '{attached.ClientOrderId}' must be 1 to {OkxClientOrderId.MaxLength} ASCII letters or digits (OKX attachAlgoClOrdId).");
        }
        var found = FindInstrument(request.InstrumentId);
        if (found is null)
        {
            return OrderResult.Fail(ExchangeErrorCode.UnknownInstrument, $"Unknown instrument '{request.InstrumentId}' in order {request.ClientOrderId}.");
        }
        instrument = found;
        if (request.ShapeProblem() is { } shape)
        {
            return Invalid(shape);
        }
        // Coins to exchange units (contracts for SWAP), never rounded up: the engine sized the risk.
        contracts = decimal.Floor(request.Quantity / instrument.ContractValue / instrument.LotSize) * instrument.LotSize;
        if (contracts < instrument.MinSize)
        {
            return OrderResult.Fail(
                ExchangeErrorCode.BelowMinimumSize,
                $"Order {request.ClientOrderId}: Quantity {Format(request.Quantity)} is {Format(contracts)} exchange units, below the minimum {Format(instrument.MinSize)} of {instrument.Id}.");
        }
        return request.PriceProblem() is { } problem ? Invalid(problem) : null;
    }

    private Placement RegularPlacement(OrderRequest request, Instrument instrument, decimal contracts)
    {
        var price = request.Type == OrderType.Limit ? RoundLimit(instrument, request.Side, request.Price!.Value) : (decimal?)null;
        var body = new OkxPlaceOrderRequest
        {
            InstrumentId = instrument.Id,
            TradeMode = instrument.Kind == InstrumentKind.Spot ? "cash" : _options.TradeMode,
            Side = WireSide(request.Side),
            OrderType = request.Type != OrderType.Limit ? "market" : request.TimeInForce switch
            {
                TimeInForce.ImmediateOrCancel => "ioc",
                TimeInForce.PostOnly => "post_only",
                _ => "limit",
            },
            Size = contracts,
            Price = price,
            ClientOrderId = request.ClientOrderId,
            ReduceOnly = instrument.Kind == InstrumentKind.Spot ? null : request.ReduceOnly,
            // A SPOT market order is sized in base currency like every other order of the engine.
            TargetCurrency = instrument.Kind == InstrumentKind.Spot && request.Type == OrderType.Market ? "base_ccy" : null,
            // The stop rides with the entry: OKX creates it (reduce-only, market on trigger) the moment the entry fills.
            AttachedAlgoOrders = request.AttachedStop is { } stop
                ? [new OkxAttachAlgoRequest
                {
                    AttachAlgoClientOrderId = stop.ClientOrderId,
                    StopLossTriggerPrice = RoundTrigger(instrument, OrderType.StopMarket, Opposite(request.Side), stop.TriggerPrice),
                }]
                : [],
        };
        return new Placement(ct => _rest.PlaceOrderAsync(body, ct), price, null, contracts * instrument.ContractValue);
    }

    private Placement AlgoPlacement(OrderRequest request, Instrument instrument, decimal contracts)
    {
        var trigger = RoundTrigger(instrument, request.Type, request.Side, request.TriggerPrice!.Value);
        var isStop = request.Type == OrderType.StopMarket;
        var body = new OkxAlgoOrderRequest
        {
            InstrumentId = instrument.Id,
            TradeMode = instrument.Kind == InstrumentKind.Spot ? "cash" : _options.TradeMode,
            Side = WireSide(request.Side),
            OrderType = "conditional",
            Size = contracts,
            // Stops and take-profits only ever protect a position.
            ReduceOnly = instrument.Kind == InstrumentKind.Spot ? null : true,
            AlgoClientOrderId = request.ClientOrderId,
            StopLossTriggerPrice = isStop ? trigger : null,
            StopLossOrderPrice = isStop ? OkxAlgoOrderRequest.MarketPrice : null,
            TakeProfitTriggerPrice = isStop ? null : trigger,
            TakeProfitOrderPrice = isStop ? null : OkxAlgoOrderRequest.MarketPrice,
        };
        return new Placement(ct => _rest.PlaceAlgoOrderAsync(body, ct), null, trigger, contracts * instrument.ContractValue);
    }

    private async Task<OrderResult> SendPlacementAsync(OrderRequest request, Instrument instrument, bool isAlgo, Placement placement, CancellationToken cancellationToken)
    {
        var context = $"Order {request.ClientOrderId} ({request.Side} {Format(request.Quantity)} {request.InstrumentId} {request.Type})";
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var sent = await placement.Send(cancellationToken);
            if (sent.IsSuccess)
            {
                var orderId = isAlgo ? sent.Value.AlgoId : sent.Value.OrderId;
                if (string.IsNullOrEmpty(orderId))
                {
                    // Accepted without an id: the lookup by client id tells what exists.
                    return await ResolveByClientIdAsync(request, isAlgo, context, OkxError.FromCode("empty-id", "OKX accepted the order without an id"), cancellationToken)
                        ?? OrderResult.Fail(ExchangeErrorCode.ExchangeBusy, $"{context}: OKX accepted it without an id and it cannot be found.");
                }
                Track(new TrackedOrder(orderId, request.ClientOrderId, instrument.Id, isAlgo, request.Type, request.Tag));
                return OrderResult.Ok(await SnapshotAfterPlacementAsync(request, orderId, isAlgo, placement, cancellationToken));
            }

            var error = sent.Error!;
            if (error.Kind == OkxErrorKind.DuplicateClientOrderId)
            {
                _logger.LogWarning("{Exchange}: {Context} already exists on OKX ({Code}); returning the existing order", Name, context, error.Code);
                return await ResolveByClientIdAsync(request, isAlgo, context, error, cancellationToken)
                    ?? Fail(error, context + " (OKX reports the client id in use but the order cannot be found)");
            }
            if (error.Kind != OkxErrorKind.OutcomeUnknown)
            {
                return Fail(error, context);
            }

            _logger.LogWarning("{Exchange}: {Context} outcome unknown ({Code}); looking it up by client id before anything else", Name, context, error.Code);
            var lookup = await LookupByClientIdAsync(request.InstrumentId, request.ClientOrderId, isAlgo, cancellationToken);
            if (lookup.Order is null && lookup.DefinitelyAbsent && await WaitOutDeadlineAsync(error, context, cancellationToken))
            {
                // Not there yet, but the request may still be executed late: only after its deadline is "not found" final.
                lookup = await LookupByClientIdAsync(request.InstrumentId, request.ClientOrderId, isAlgo, cancellationToken);
            }
            if (lookup.Order is { } existing)
            {
                Track(new TrackedOrder(existing.OrderId, request.ClientOrderId, instrument.Id, isAlgo, request.Type, request.Tag));
                return OrderResult.Ok(existing with { Tag = request.Tag });
            }
            if (!lookup.DefinitelyAbsent)
            {
                return OrderResult.Fail(ExchangeErrorCode.Timeout, $"{context}: {error.Message}; the lookup by client id failed too ({lookup.Error}), so it was not sent again.");
            }
            if (attempt == 0)
            {
                _logger.LogWarning("{Exchange}: {Context} is not on OKX; sending it once more with the same client id (and a new deadline)", Name, context);
            }
        }
        return OrderResult.Fail(ExchangeErrorCode.Timeout, $"{context}: no answer twice and OKX does not have it; not sent again.");
    }

    private async Task<OrderResult?> ResolveByClientIdAsync(OrderRequest request, bool isAlgo, string context, OkxError cause, CancellationToken cancellationToken)
    {
        var lookup = await LookupByClientIdAsync(request.InstrumentId, request.ClientOrderId, isAlgo, cancellationToken);
        if (lookup.Order is not { } existing)
        {
            _logger.LogWarning("{Exchange}: {Context}: {Cause}; lookup by client id found nothing ({Error})", Name, context, cause.Code, lookup.Error);
            return null;
        }
        Track(new TrackedOrder(existing.OrderId, request.ClientOrderId, request.InstrumentId, isAlgo, request.Type, request.Tag));
        return OrderResult.Ok(existing with { Tag = request.Tag });
    }

    /// <summary>The order just accepted, read back (a market order has usually filled); built locally if that read fails.</summary>
    private async Task<Order> SnapshotAfterPlacementAsync(OrderRequest request, string orderId, bool isAlgo, Placement placement, CancellationToken cancellationToken)
    {
        if (!isAlgo)
        {
            var read = await TryGetOrderAsync(request.InstrumentId, orderId, false, cancellationToken);
            if (read is not null)
            {
                return read;
            }
        }
        var now = _time.GetUtcNow();
        return new Order(
            orderId,
            request.ClientOrderId,
            request.InstrumentId,
            request.Side,
            request.Type,
            placement.Quantity,
            placement.Price,
            placement.TriggerPrice,
            isAlgo || request.ReduceOnly,
            OrderStatus.New,
            0m,
            0m,
            0m,
            now,
            now,
            request.Tag);
    }

    private async Task<OkxError?> CancelRegularAsync(string instrumentId, string orderId, CancellationToken cancellationToken)
    {
        var result = await _rest.CancelOrderAsync(new OkxCancelOrderRequest(instrumentId, orderId), cancellationToken);
        return result.IsSuccess ? null : result.Error;
    }

    private async Task<OkxError?> CancelAlgoAsync(string instrumentId, string algoId, CancellationToken cancellationToken)
    {
        var result = await _rest.CancelAlgoOrdersAsync([new OkxCancelAlgoRequest(instrumentId, algoId)], cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error;
        }
        return result.Value.Count == 0
            ? new OkxError("empty", "OKX answered the algo cancel with no result item.", OkxErrorKind.InvalidResponse)
            : result.Value[0].ToError();
    }

    /// <summary>Limit prices round in the trader's favour: buys down, sells up.</summary>
    private static decimal RoundLimit(Instrument instrument, OrderSide side, decimal price) =>
        side == OrderSide.Buy ? instrument.RoundPriceDown(price) : instrument.RoundPriceUp(price);

    /// <summary>
    /// A stop rounds away from the market it protects (a long's sell stop down, a short's buy stop up); a take-profit
    /// rounds to the nearest tick.
    /// </summary>
    private static decimal RoundTrigger(Instrument instrument, OrderType type, OrderSide side, decimal trigger) => type switch
    {
        OrderType.StopMarket when side == OrderSide.Sell => instrument.RoundPriceDown(trigger),
        OrderType.StopMarket => instrument.RoundPriceUp(trigger),
        _ => instrument.RoundPrice(trigger),
    };

    private static string WireSide(OrderSide side) => side == OrderSide.Buy ? "buy" : "sell";

    private static OrderSide Opposite(OrderSide side) => side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;

    private static OrderResult Invalid(string message) => OrderResult.Fail(ExchangeErrorCode.InvalidRequest, message);

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One prepared placement: how to send it and the rounded values it carries.</summary>
    private sealed record Placement(Func<CancellationToken, Task<OkxResult<OkxActionResult>>> Send, decimal? Price, decimal? TriggerPrice, decimal Quantity);
}
