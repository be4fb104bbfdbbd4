using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges;

namespace BreakoutBot.Tests.Properties.Chaos;

/// <summary>
/// Sits in front of an exchange: the next write calls (place, cancel, amend, resize) meet the queued faults, and every
/// placement that reaches the exchange is written to the shared <see cref="ClientIdLog"/>.
/// </summary>
internal sealed class ChaosExchange(IExchangeClient inner, ChaosExchange.ClientIdLog log, ChaosExchange.FaultQueue faults) : DelegatingExchangeClient(inner)
{
    public override async ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fault = faults.Take();
        if (fault is ChaosFault.RateLimited or ChaosFault.Busy or ChaosFault.Rejected)
        {
            return Refusal(fault.Value);
        }
        var result = await Inner.PlaceOrderAsync(request, cancellationToken);
        log.Placed(request, result);
        return fault == ChaosFault.AnswerLost ? OrderResult.Fail(ExchangeErrorCode.Timeout, "injected: the answer was lost") : result;
    }

    public override ValueTask<OrderResult> CancelOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default) =>
        WriteAsync(() => Inner.CancelOrderAsync(instrumentId, orderId, cancellationToken));

    public override ValueTask<OrderResult> AmendOrderAsync(string instrumentId, string orderId, decimal? newPrice, decimal? newTriggerPrice, CancellationToken cancellationToken = default) =>
        WriteAsync(() => Inner.AmendOrderAsync(instrumentId, orderId, newPrice, newTriggerPrice, cancellationToken));

    public override ValueTask<OrderResult> ResizeOrderAsync(string instrumentId, string orderId, decimal newQuantity, CancellationToken cancellationToken = default) =>
        WriteAsync(() => Inner.ResizeOrderAsync(instrumentId, orderId, newQuantity, cancellationToken));

    private async ValueTask<OrderResult> WriteAsync(Func<ValueTask<OrderResult>> call)
    {
        var fault = faults.Take();
        if (fault is ChaosFault.RateLimited or ChaosFault.Busy or ChaosFault.Rejected)
        {
            return Refusal(fault.Value);
        }
        var result = await call();
        return fault == ChaosFault.AnswerLost ? OrderResult.Fail(ExchangeErrorCode.Timeout, "injected: the answer was lost") : result;
    }

    private static OrderResult Refusal(ChaosFault fault) => fault switch
    {
        ChaosFault.RateLimited => OrderResult.Fail(ExchangeErrorCode.RateLimited, "injected: rate limited"),
        ChaosFault.Busy => OrderResult.Fail(ExchangeErrorCode.ExchangeBusy, "injected: busy"),
        _ => OrderResult.Fail(ExchangeErrorCode.Rejected, "injected: rejected"),
    };

    /// <summary>Faults for the next write calls, met in order.</summary>
    internal sealed class FaultQueue
    {
        private readonly Lock _gate = new();
        private readonly Queue<ChaosFault> _queue = new();

        public int Pending
        {
            get
            {
                lock (_gate)
                {
                    return _queue.Count;
                }
            }
        }

        public int Met { get; private set; }

        public void Add(int times, ChaosFault kind)
        {
            lock (_gate)
            {
                for (var i = 0; i < times; i++)
                {
                    _queue.Enqueue(kind);
                }
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _queue.Clear();
            }
        }

        public ChaosFault? Take()
        {
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    return null;
                }
                Met++;
                return _queue.Dequeue();
            }
        }
    }

    /// <summary>Every placement that reached the exchange, by client id (the entry's and the stop attached to it).</summary>
    internal sealed class ClientIdLog
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, List<bool>> _sent = new(StringComparer.Ordinal);

        /// <summary>The highest exchange order number seen ("P12" → 12), for rebuilding a paper account.</summary>
        public long LastOrderNumber { get; private set; }

        public void Placed(OrderRequest request, OrderResult result)
        {
            lock (_gate)
            {
                Add(request.ClientOrderId, result.IsSuccess);
                if (request.AttachedStop is { } stop)
                {
                    Add(stop.ClientOrderId, result.IsSuccess);
                }
                if (result.Order is { } order && order.OrderId.Length > 1 && long.TryParse(order.OrderId.AsSpan(1), out var n))
                {
                    LastOrderNumber = Math.Max(LastOrderNumber, n);
                }
            }
        }

        public void Seen(string orderId)
        {
            lock (_gate)
            {
                if (orderId.Length > 1 && long.TryParse(orderId.AsSpan(1), out var n))
                {
                    LastOrderNumber = Math.Max(LastOrderNumber, n);
                }
            }
        }

        /// <summary>Ids the exchange accepted more than once, or that were sent again after being accepted.</summary>
        public IReadOnlyList<string> Violations()
        {
            lock (_gate)
            {
                return _sent.Where(s => s.Value.IndexOf(true) is var first && first >= 0 && s.Value.Count > first + 1)
                    .Select(s => $"{s.Key} sent {s.Value.Count} times ({string.Join("/", s.Value.Select(ok => ok ? "accepted" : "refused"))})")
                    .ToList();
            }
        }

        private void Add(string clientId, bool accepted)
        {
            if (!_sent.TryGetValue(clientId, out var list))
            {
                _sent[clientId] = list = [];
            }
            list.Add(accepted);
        }
    }
}
