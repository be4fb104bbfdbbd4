using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
/// <summary>Amending an order's price, trigger or size (one resend when OKX gives no answer).</summary>
public sealed partial class OkxExchangeClient
{
    public async ValueTask<OrderResult> AmendOrderAsync(
        string instrumentId,
        string orderId,
        decimal? newPrice,
        decimal? newTriggerPrice,
        CancellationToken cancellationToken = default)
    {
        var instrument = FindInstrument(instrumentId);
        if (instrument is null)
        {
            return OrderResult.Fail(ExchangeErrorCode.UnknownInstrument, $"Amend {orderId}: instrument '{instrumentId}' is not loaded.");
        }
        if (newPrice is null && newTriggerPrice is null)
        {
            return Invalid($"Amend of {orderId}: give a new price or a new trigger price.");
        }
        _byOrderId.TryGetValue(orderId, out var tracked);
        var current = await TryGetOrderAsync(instrumentId, orderId, tracked?.IsAlgo, cancellationToken);
        if (current is null || !current.IsOpen)
        {
            return OrderResult.Fail(ExchangeErrorCode.OrderNotFound, $"No open order {orderId} on {instrumentId}.");
        }
        var isAlgo = current.Type is OrderType.StopMarket or OrderType.TakeProfitMarket;
        if (newPrice is not null && (current.Type != OrderType.Limit || newPrice <= 0))
        {
            return Invalid($"Amend of {orderId}: the price can only be changed on a limit order, to a positive value.");
        }
        if (newTriggerPrice is not null && (!isAlgo || newTriggerPrice <= 0))
        {
            return Invalid($"Amend of {orderId}: the trigger price can only be changed on a stop or take-profit order, to a positive value.");
        }

        if (isAlgo)
        {
            var trigger = RoundTrigger(instrument, current.Type, current.Side, newTriggerPrice!.Value);
            var amend = new OkxAmendAlgoRequest
            {
                InstrumentId = instrumentId,
                AlgoId = orderId,
                NewStopLossTriggerPrice = current.Type == OrderType.StopMarket ? trigger : null,
                NewTakeProfitTriggerPrice = current.Type == OrderType.TakeProfitMarket ? trigger : null,
            };
            return await AmendAsync(
                instrumentId,
                orderId,
                true,
                ct => _rest.AmendAlgoOrderAsync(amend, ct),
                order => order.TriggerPrice == trigger,
                cancellationToken);
        }

        var price = RoundLimit(instrument, current.Side, newPrice!.Value);
        var amendOrder = new OkxAmendOrderRequest { InstrumentId = instrumentId, OrderId = orderId, NewPrice = price };
        return await AmendAsync(
            instrumentId,
            orderId,
            false,
            ct => _rest.AmendOrderAsync(amendOrder, ct),
            order => order.Price == price,
            cancellationToken);
    }

    public async ValueTask<OrderResult> ResizeOrderAsync(string instrumentId, string orderId, decimal newQuantity, CancellationToken cancellationToken = default)
    {
        var instrument = FindInstrument(instrumentId);
        if (instrument is null)
        {
            return OrderResult.Fail(ExchangeErrorCode.UnknownInstrument, $"Resize {orderId}: instrument '{instrumentId}' is not loaded.");
        }
        var contracts = decimal.Floor(newQuantity / instrument.ContractValue / instrument.LotSize) * instrument.LotSize;
        if (contracts < instrument.MinSize || contracts <= 0)
        {
            return OrderResult.Fail(ExchangeErrorCode.BelowMinimumSize,
                $"Resize of {orderId}: {Format(newQuantity)} is {Format(contracts)} exchange units, below the minimum {Format(instrument.MinSize)} of {instrumentId}.");
        }
        var current = await TryGetOrderAsync(instrumentId, orderId, true, cancellationToken);
        if (current is null || !current.IsOpen)
        {
            return OrderResult.Fail(ExchangeErrorCode.OrderNotFound, $"No open stop or take-profit order {orderId} on {instrumentId}.");
        }
        var quantity = contracts * instrument.ContractValue;
        var amend = new OkxAmendAlgoRequest { InstrumentId = instrumentId, AlgoId = orderId, NewSize = contracts };
        return await AmendAsync(instrumentId, orderId, true, ct => _rest.AmendAlgoOrderAsync(amend, ct), order => order.Quantity == quantity, cancellationToken);
    }

    /// <summary>
    /// Sends an amend. An amend sets absolute values, so an unknown outcome is settled by reading the order: already at
    /// the new value means done, otherwise it is sent once more. An amend that carried a deadline (<c>expTime</c>, on
    /// regular orders) is read back only once that deadline has passed, so an unanswered amend that OKX executes late
    /// cannot land after the read back has decided (and, after a resend, over a later amend).
    /// </summary>
    private async Task<OrderResult> AmendAsync(
        string instrumentId,
        string orderId,
        bool isAlgo,
        Func<CancellationToken, Task<OkxResult<OkxActionResult>>> send,
        Func<Order, bool> applied,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var sent = await send(cancellationToken);
            if (!sent.IsSuccess)
            {
                if (sent.Error!.Kind != OkxErrorKind.OutcomeUnknown)
                {
                    return Fail(sent.Error, $"Amend {orderId} on {instrumentId}");
                }
                await WaitOutDeadlineAsync(sent.Error, $"Amend {orderId} on {instrumentId}", cancellationToken);
            }
            var order = await TryGetOrderAsync(instrumentId, orderId, isAlgo, cancellationToken);
            if (order is not null && applied(order))
            {
                return OrderResult.Ok(order);
            }
            if (sent.IsSuccess)
            {
                return order is null
                    ? OrderResult.Fail(ExchangeErrorCode.ExchangeBusy, $"Amend {orderId} on {instrumentId} was accepted but the order could not be read back.")
                    : OrderResult.Ok(order);
            }
            if (order is null || !order.IsOpen)
            {
                return Fail(sent.Error!, $"Amend {orderId} on {instrumentId}");
            }
            _logger.LogWarning("{Exchange}: amend of {OrderId} on {Instrument} had no answer and is not applied; sending it once more", Name, orderId, instrumentId);
        }
        return OrderResult.Fail(ExchangeErrorCode.Timeout, $"Amend {orderId} on {instrumentId}: no answer twice; the order keeps its old price.");
    }
}
