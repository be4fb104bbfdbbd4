using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges;
using BreakoutBot.Infrastructure.Monitoring.Metrics;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Events;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// Sits between an engine and its exchange and reports what happened there, so that orders, fills, position changes and
/// equity reach the database: every order call's result at once, and after each cycle (<see cref="CollectAsync"/>) the
/// new fills, the orders they touched or that left the book, every open position whose stop, targets or quantity moved,
/// and one equity snapshot per market bar (at most one a minute when live). The engine cannot tell it from the exchange it wraps.
/// </summary>
public sealed class ExchangeRecorder : DelegatingExchangeClient, IDisposable
{
    /// <summary>Equity is sampled at most this often in engine time (every bar of a 5-minute replay; once a minute live).</summary>
    public static readonly TimeSpan EquityInterval = TimeSpan.FromMinutes(1);

    private readonly string _engineId;
    private readonly TimeProvider _clock;
    private readonly Action<EngineEvent> _publish;
    private readonly Dictionary<string, string> _positionMarks = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _collectGate = new(1, 1);
    private readonly Lock _openGate = new();
    private Dictionary<string, string> _openOrders = new(StringComparer.Ordinal);
    private long _fillCursor;
    private DateTimeOffset? _lastEquityAt;

    public ExchangeRecorder(string engineId, IExchangeClient inner, TimeProvider clock, Action<EngineEvent> publish)
        : base(inner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(engineId);
        _engineId = engineId;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _publish = publish ?? throw new ArgumentNullException(nameof(publish));
    }

    /// <summary>Continues after a restore: fills up to <paramref name="lastFillSequence"/> are already stored.</summary>
    public void ResumeAfter(long lastFillSequence, IEnumerable<Order> openOrders)
    {
        ArgumentNullException.ThrowIfNull(openOrders);
        _fillCursor = lastFillSequence;
        lock (_openGate)
        {
            _openOrders = openOrders.ToDictionary(o => o.OrderId, o => o.InstrumentId, StringComparer.Ordinal);
        }
    }

    public override async ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
        Record("place", await Inner.PlaceOrderAsync(request, cancellationToken));

    public override async ValueTask<OrderResult> CancelOrderAsync(string instrumentId, string orderId, CancellationToken cancellationToken = default) =>
        Record("cancel", await Inner.CancelOrderAsync(instrumentId, orderId, cancellationToken));

    public override async ValueTask<OrderResult> AmendOrderAsync(string instrumentId, string orderId, decimal? newPrice, decimal? newTriggerPrice, CancellationToken cancellationToken = default) =>
        Record("amend", await Inner.AmendOrderAsync(instrumentId, orderId, newPrice, newTriggerPrice, cancellationToken));

    public override async ValueTask<OrderResult> ResizeOrderAsync(string instrumentId, string orderId, decimal newQuantity, CancellationToken cancellationToken = default) =>
        Record("resize", await Inner.ResizeOrderAsync(instrumentId, orderId, newQuantity, cancellationToken));

    /// <summary>Reports what changed since the last call: fills, orders that filled or left the book, moved positions, equity.</summary>
    public async Task CollectAsync(IReadOnlyList<Position> openPositions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(openPositions);
        await _collectGate.WaitAsync(cancellationToken);
        try
        {
            await CollectCoreAsync(openPositions, cancellationToken);
        }
        finally
        {
            _collectGate.Release();
        }
    }

    private async Task CollectCoreAsync(IReadOnlyList<Position> openPositions, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var fills = await Inner.GetFillsAsync(_fillCursor, cancellationToken);
        var touched = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fill in fills)
        {
            _publish(new FillRecordedEvent(_engineId, fill.Time, fill));
            touched[fill.OrderId] = fill.InstrumentId;
            _fillCursor = Math.Max(_fillCursor, fill.Sequence);
        }
        var open = await Inner.GetOpenOrdersAsync(cancellationToken);
        var nowOpen = open.ToDictionary(o => o.OrderId, o => o.InstrumentId, StringComparer.Ordinal);
        List<Order> appeared;
        lock (_openGate)
        {
            foreach (var (id, instrumentId) in _openOrders)
            {
                if (!nowOpen.ContainsKey(id))
                {
                    touched.TryAdd(id, instrumentId);
                }
            }
            // Orders the exchange created itself (the stop attached to an entry) are stored when first seen.
            appeared = open.Where(o => !_openOrders.ContainsKey(o.OrderId) && !touched.ContainsKey(o.OrderId)).ToList();
            _openOrders = nowOpen;
        }
        foreach (var order in appeared)
        {
            _publish(new OrderUpdatedEvent(_engineId, order.UpdatedAt, order));
        }
        foreach (var (orderId, instrumentId) in touched)
        {
            var order = await Inner.GetOrderAsync(instrumentId, orderId, cancellationToken);
            if (order is not null)
            {
                _publish(new OrderUpdatedEvent(_engineId, order.UpdatedAt, order));
            }
        }
        foreach (var p in openPositions)
        {
            var mark = Mark(p);
            if (!_positionMarks.TryGetValue(p.Id, out var before) || before != mark)
            {
                _positionMarks[p.Id] = mark;
                _publish(new PositionSnapshotEvent(_engineId, now, EntityMapper.ToEntity(_engineId, p, now)));
            }
        }
        if (_positionMarks.Count > openPositions.Count)
        {
            var ids = openPositions.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var stale in _positionMarks.Keys.Where(k => !ids.Contains(k)).ToList())
            {
                _positionMarks.Remove(stale);
            }
        }
        if (_lastEquityAt is null || now - _lastEquityAt >= EquityInterval)
        {
            _lastEquityAt = now;
            var balance = await Inner.GetBalanceAsync(cancellationToken);
            _publish(new EquitySnapshotEvent(_engineId, now, balance.Equity, balance.Cash));
        }
    }

    private static string Mark(Position p) => string.Join('|',
        p.Quantity, p.StopLoss, p.TakeProfit1, p.TakeProfit2, p.StopOrderId, p.Tp1OrderId, p.Tp2OrderId, p.Tp1Done, p.Tp2Done, p.BreakevenMoved, p.TrailingActive, p.Exits.Count);

    private OrderResult Record(string action, OrderResult result)
    {
        BotMetrics.OrderRequests.Add(1,
            new KeyValuePair<string, object?>("engine", _engineId),
            new KeyValuePair<string, object?>("action", action),
            new KeyValuePair<string, object?>("result", result.IsSuccess ? MetricLabels.Of(result.Order!.Status) : MetricLabels.Of(result.Error)));
        if (result.Order is { } order)
        {
            _publish(new OrderUpdatedEvent(_engineId, order.UpdatedAt, order));
            if (order.IsOpen)
            {
                lock (_openGate)
                {
                    _openOrders[order.OrderId] = order.InstrumentId;
                }
            }
        }
        return result;
    }

    public void Dispose() => _collectGate.Dispose();
}
