using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>
/// Private trade endpoints. Place and amend are never resent after an uncertain failure: they return
/// <see cref="OkxErrorKind.OutcomeUnknown"/> and the caller looks the order up by its client id. A
/// <see cref="OkxErrorKind.DuplicateClientOrderId"/> answer means an order with that id is already pending.
/// </summary>
public sealed partial class OkxRestClient
{
    private const int PageSize = 100;
    private const int MaxPages = 50;

    /// <summary>Places one order (with optional attached TP/SL). Success means OKX accepted it; the fill state comes from order details.</summary>
    public Task<OkxResult<OkxActionResult>> PlaceOrderAsync(OkxPlaceOrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return PostAsync(OkxEndpoints.PlaceOrder, order.InstrumentId, order.ToJson(), OkxResponseParser.ParseAction, cancellationToken);
    }

    public Task<OkxResult<OkxActionResult>> AmendOrderAsync(OkxAmendOrderRequest amend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(amend);
        return PostAsync(OkxEndpoints.AmendOrder, amend.InstrumentId, amend.ToJson(), OkxResponseParser.ParseAction, cancellationToken);
    }

    /// <summary>Cancels one order. <see cref="OkxErrorKind.NotFound"/> means it is already filled, cancelled or unknown.</summary>
    public Task<OkxResult<OkxActionResult>> CancelOrderAsync(OkxCancelOrderRequest cancel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cancel);
        return PostAsync(OkxEndpoints.CancelOrder, cancel.InstrumentId, cancel.ToJson(), OkxResponseParser.ParseAction, cancellationToken);
    }

    /// <summary>
    /// One order by <paramref name="orderId"/> or <paramref name="clientOrderId"/> (OKX returns the latest order with
    /// that client id). An unknown order is an <see cref="OkxErrorKind.NotFound"/> error.
    /// </summary>
    public async Task<OkxResult<OkxOrder>> GetOrderAsync(string instrumentId, string? orderId, string? clientOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        if (string.IsNullOrEmpty(orderId) && string.IsNullOrEmpty(clientOrderId))
        {
            throw new ArgumentException($"Looking up an order on {instrumentId} needs ordId or clOrdId.", nameof(orderId));
        }
        var query = new OkxQuery().Add("instId", instrumentId).Add("ordId", orderId).Add("clOrdId", clientOrderId);
        var orders = await GetAsync(OkxEndpoints.OrderDetails, instrumentId, query, (body, status) => OkxResponseParser.ParseList(body, status, OkxOrder.FromJson), cancellationToken);
        if (!orders.IsSuccess)
        {
            return OkxResults.Fail<OkxOrder>(orders.Error!);
        }
        return orders.Value.Count > 0
            ? OkxResults.Ok(orders.Value[0])
            : OkxResults.Fail<OkxOrder>(new OkxError("51603", $"Order {orderId ?? clientOrderId} on {instrumentId} does not exist.", OkxErrorKind.NotFound));
    }

    /// <summary>All open orders (live, partially_filled), following OKX's pages of 100 by <c>after</c> = last ordId.</summary>
    public Task<OkxResult<IReadOnlyList<OkxOrder>>> GetPendingOrdersAsync(string? instrumentType, string? instrumentId, CancellationToken cancellationToken) =>
        GetAllPagesAsync(
            OkxEndpoints.PendingOrders,
            after => new OkxQuery().Add("instType", instrumentType).Add("instId", instrumentId).Add("after", after).Add("limit", PageSize),
            OkxOrder.FromJson,
            order => order.OrderId,
            cancellationToken);

    /// <summary>
    /// Recent fills (last 3 days), newest first; page with <paramref name="afterBillId"/> (older than) and
    /// <paramref name="beforeBillId"/> (newer than). <paramref name="limit"/> is at most 100.
    /// </summary>
    public Task<OkxResult<IReadOnlyList<OkxFill>>> GetFillsAsync(
        string? instrumentType,
        string? instrumentId,
        string? orderId,
        string? afterBillId,
        string? beforeBillId,
        int? limit,
        CancellationToken cancellationToken)
    {
        var query = new OkxQuery()
            .Add("instType", instrumentType)
            .Add("instId", instrumentId)
            .Add("ordId", orderId)
            .Add("after", afterBillId)
            .Add("before", beforeBillId)
            .Add("limit", limit is { } rows ? Math.Clamp(rows, 1, PageSize) : null);
        return GetAsync(OkxEndpoints.Fills, null, query, (body, status) => OkxResponseParser.ParseList(body, status, OkxFill.FromJson), cancellationToken);
    }

    /// <summary>
    /// Fills of the last 3 months (<c>/trade/fills-history</c>; <paramref name="instrumentType"/> is required), newest first,
    /// paged like <see cref="GetFillsAsync"/>: what a downtime longer than the 3 days of <c>/trade/fills</c> needs.
    /// </summary>
    public Task<OkxResult<IReadOnlyList<OkxFill>>> GetFillsHistoryAsync(string instrumentType, string? afterBillId, int? limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentType);
        var query = new OkxQuery()
            .Add("instType", instrumentType)
            .Add("after", afterBillId)
            .Add("limit", limit is { } rows ? Math.Clamp(rows, 1, PageSize) : null);
        return GetAsync(OkxEndpoints.FillsHistory, null, query, (body, status) => OkxResponseParser.ParseList(body, status, OkxFill.FromJson), cancellationToken);
    }

    /// <summary>Places a conditional (TP or SL), oco (TP and SL) or trigger order that rests on the exchange.</summary>
    public Task<OkxResult<OkxActionResult>> PlaceAlgoOrderAsync(OkxAlgoOrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return PostAsync(OkxEndpoints.PlaceAlgoOrder, order.InstrumentId, order.ToJson(), OkxResponseParser.ParseAction, cancellationToken);
    }

    /// <summary>Moves a resting TP/SL (trailing stop, breakeven) or changes its size.</summary>
    public Task<OkxResult<OkxActionResult>> AmendAlgoOrderAsync(OkxAmendAlgoRequest amend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(amend);
        return PostAsync(OkxEndpoints.AmendAlgoOrder, amend.InstrumentId, amend.ToJson(), OkxResponseParser.ParseAction, cancellationToken);
    }

    /// <summary>Cancels algo orders; the result has one item per cancel, each with its own <see cref="OkxActionResult.Code"/>.</summary>
    public Task<OkxResult<IReadOnlyList<OkxActionResult>>> CancelAlgoOrdersAsync(IReadOnlyList<OkxCancelAlgoRequest> cancels, CancellationToken cancellationToken)
    {
        var body = OkxCancelAlgoRequest.ToJson(cancels);
        return PostAsync(OkxEndpoints.CancelAlgoOrders, null, body, OkxResponseParser.ParseActions, cancellationToken, permits: cancels.Count);
    }

    /// <summary>Open algo orders of the given types (OKX requires <c>ordType</c>; e.g. "conditional", "oco", "trigger").</summary>
    public Task<OkxResult<IReadOnlyList<OkxAlgoOrder>>> GetPendingAlgoOrdersAsync(string orderType, string? instrumentType, string? instrumentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderType);
        return GetAllPagesAsync(
            OkxEndpoints.PendingAlgoOrders,
            after => new OkxQuery().Add("ordType", orderType).Add("instType", instrumentType).Add("instId", instrumentId).Add("after", after).Add("limit", PageSize),
            OkxAlgoOrder.FromJson,
            algo => algo.AlgoId,
            cancellationToken);
    }

    private async Task<OkxResult<IReadOnlyList<T>>> GetAllPagesAsync<T>(
        OkxEndpoint endpoint,
        Func<string?, OkxQuery> query,
        Func<System.Text.Json.JsonElement, T> read,
        Func<T, string> id,
        CancellationToken cancellationToken)
    {
        var all = new List<T>();
        string? after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await GetAsync(endpoint, null, query(after), (body, status) => OkxResponseParser.ParseList(body, status, read), cancellationToken);
            if (!result.IsSuccess)
            {
                return result;
            }
            all.AddRange(result.Value);
            if (result.Value.Count < PageSize)
            {
                break;
            }
            after = id(result.Value[^1]);
        }
        return OkxResults.Ok<IReadOnlyList<T>>(all);
    }
}
