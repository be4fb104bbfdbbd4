using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Positions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Domain.Execution;

/// <summary>
/// Sends orders with idempotent retries: a transient failure (rate limit, busy, timeout) is followed by a lookup by
/// client order id, and only if the exchange has no such order is the same request sent again (same client id).
/// </summary>
public sealed class ExecutionManager : IExecutionManager
{
    private const int MaxRecentOrders = 200;
    private readonly IExchangeClient _exchange;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _prefix;
    private readonly int _maxAttempts;
    private readonly TimeSpan _baseDelay;
    private readonly Queue<Order> _recent = new();
    private readonly Lock _gate = new();
    private long _counter;

    public ExecutionManager(IExchangeClient exchange, TimeProvider time, string clientIdPrefix = "bb", int maxAttempts = 3, TimeSpan? baseDelay = null, ILogger<ExecutionManager>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(time);
        _exchange = exchange;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _prefix = Sanitize(clientIdPrefix);
        _maxAttempts = Math.Max(1, maxAttempts);
        _baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(200);
    }

    public IReadOnlyList<Order> RecentOrders
    {
        get
        {
            lock (_gate)
            {
                return [.. _recent];
            }
        }
    }

    public string NextClientOrderId(string purpose)
    {
        var n = Interlocked.Increment(ref _counter);
        var id = _prefix + Sanitize(purpose) + n.ToString(CultureInfo.InvariantCulture);
        return id.Length <= 32 ? id : id[^32..];
    }

    public OrderRequest PlanEntry(ApprovedEntry entry, string positionId, ExecutionConfig config, Instrument? instrument)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(config);
        return new OrderRequest(
            NextClientOrderId("en"),
            entry.Signal.InstrumentId,
            entry.EntrySide,
            OrderType.Limit,
            entry.Quantity,
            Price: EntryPriceGuard.LimitPrice(entry.Signal, config, instrument),
            Tag: OrderTag.Entry(positionId),
            TimeInForce: TimeInForce.ImmediateOrCancel,
            AttachedStop: new AttachedStop(NextClientOrderId("sl"), entry.Signal.StopLoss));
    }

    public async ValueTask<OrderResult> PlaceAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        OrderResult result = OrderResult.Fail(ExchangeErrorCode.Rejected, "not sent");
        for (var attempt = 1; attempt <= _maxAttempts; attempt++)
        {
            result = await _exchange.PlaceOrderAsync(request, cancellationToken);
            if (result.IsSuccess || !result.IsTransient)
            {
                break;
            }
            // The request may have reached the exchange: look it up before sending it again.
            Order? existing;
            try
            {
                existing = await _exchange.GetOrderByClientIdAsync(request.InstrumentId, request.ClientOrderId, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Nobody can say whether it exists: it is never sent again; the caller resolves it by client id later.
                _logger.LogWarning("Order {ClientOrderId}: {Error} and the lookup by client id failed ({Message}); its outcome is unknown and it is not sent again.", request.ClientOrderId, result.Error, ex.Message);
                result = OrderResult.Fail(ExchangeErrorCode.Timeout, $"Order {request.ClientOrderId}: outcome unknown ({result.Message}); the lookup by client id failed: {ex.Message}");
                break;
            }
            if (existing is not null)
            {
                _logger.LogWarning("Order {ClientOrderId} was placed despite {Error}; not sending it again.", request.ClientOrderId, result.Error);
                result = OrderResult.Ok(existing);
                break;
            }
            if (attempt < _maxAttempts)
            {
                var delay = TimeSpan.FromTicks(_baseDelay.Ticks << (attempt - 1));
                _logger.LogWarning("Order {ClientOrderId} failed ({Error}: {Message}); retry {Attempt} in {Delay}.", request.ClientOrderId, result.Error, result.Message, attempt, delay);
                await Task.Delay(delay, _time, cancellationToken);
            }
        }
        if (result.Order is { } order)
        {
            Remember(order);
        }
        else
        {
            _logger.LogWarning("Order {ClientOrderId} {Side} {Quantity} {Instrument} failed: {Error} {Message}", request.ClientOrderId, request.Side, request.Quantity, request.InstrumentId, result.Error, result.Message);
        }
        return result;
    }

    public async ValueTask<OrderResult> CancelAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default)
    {
        var result = await _exchange.CancelOrderAsync(instrumentId, orderId, cancellationToken);
        if (result.Order is { } order)
        {
            Remember(order);
        }
        return result;
    }

    public async ValueTask<OrderResult> AmendTriggerAsync(string instrumentId, string orderId, decimal newTrigger, CancellationToken cancellationToken = default)
    {
        var result = await _exchange.AmendOrderAsync(instrumentId, orderId, null, newTrigger, cancellationToken);
        if (result.Order is { } order)
        {
            Remember(order);
        }
        return result;
    }

    public async ValueTask<OrderResult> ResizeAsync(string instrumentId, string orderId, decimal newQuantity, CancellationToken cancellationToken = default)
    {
        var result = await _exchange.ResizeOrderAsync(instrumentId, orderId, newQuantity, cancellationToken);
        if (result.Order is { } order)
        {
            Remember(order);
        }
        return result;
    }

    private void Remember(Order order)
    {
        lock (_gate)
        {
            _recent.Enqueue(order);
            while (_recent.Count > MaxRecentOrders)
            {
                _recent.Dequeue();
            }
        }
    }

    private static string Sanitize(string s)
    {
        Span<char> buffer = stackalloc char[Math.Min(s.Length, 16)];
        var n = 0;
        foreach (var c in s)
        {
            if (n == buffer.Length)
            {
                break;
            }
            if (char.IsAsciiLetterOrDigit(c))
            {
                buffer[n++] = c;
            }
        }
        return new string(buffer[..n]);
    }
}
