using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;

/// <summary>Fills read from OKX: polled page by page (and from the 3-month history after a long gap), converted to coins and numbered.</summary>
public sealed partial class OkxExchangeClient
{
    private const int FillPageSize = 100;

    private readonly SemaphoreSlim _fillGate = new(1, 1);
    private readonly HashSet<string> _seenFills = new(StringComparer.Ordinal);
    private readonly List<Fill> _fills = [];
    private long _lastSequence;
    // The 3-month history is walked at most once per client (after a start or restart): later gaps cannot outgrow 3 days.
    private bool _historyWalked;
    private decimal _realizedPnl;
    private decimal _feesPaid;

    /// <summary>The last fill sequence handed out; store it with the fill ids to build an <see cref="OkxFillCursor"/> after a restart.</summary>
    public long LastFillSequence => Interlocked.Read(ref _lastSequence);

    public async ValueTask<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default)
    {
        await _fillGate.WaitAsync(cancellationToken);
        try
        {
            await PollFillsAsync(cancellationToken);
            return _fills.Where(f => f.Sequence > afterSequence).ToArray();
        }
        finally
        {
            _fillGate.Release();
        }
    }

    /// <summary>
    /// Reads the newest fills (walking back page by page while every fill on a page is new), converts those not seen yet
    /// and numbers them oldest first. When the 3 days of <c>/trade/fills</c> run out before a fill already seen turns up
    /// (a downtime longer than that), the walk carries on in <c>/trade/fills-history</c> (3 months), once per client
    /// instance: a client that polls regularly cannot fall 3 days behind. Nothing is numbered
    /// unless the whole batch converted.
    /// </summary>
    private async Task PollFillsAsync(CancellationToken cancellationToken)
    {
        var fresh = new List<OkxFill>();
        var batch = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        var history = false;
        for (var page = 0; page < Math.Max(1, _options.MaxFillPages); page++)
        {
            var result = history
                ? await _rest.GetFillsHistoryAsync("SWAP", after, FillPageSize, cancellationToken)
                : await _rest.GetFillsAsync(null, null, null, after, null, FillPageSize, cancellationToken);
            if (!result.IsSuccess)
            {
                throw new OkxExchangeException(history ? "fills history" : "fills", result.Error!);
            }
            var rows = result.Value;
            var unseen = rows.Where(f => !_seenFills.Contains(FillId(f)) && batch.Add(FillId(f))).ToList();
            fresh.AddRange(unseen);
            if (unseen.Count < rows.Count)
            {
                break;
            }
            if (rows.Count < FillPageSize)
            {
                // The recent window ran out with every fill new: when fills were seen before, the gap reaches further back.
                if (history || _historyWalked || _seenFills.Count == 0)
                {
                    break;
                }
                history = true;
                _historyWalked = true;
                after = rows.Count > 0 ? rows[^1].BillId : after;
                continue;
            }
            after = rows[^1].BillId;
        }
        if (fresh.Count == 0)
        {
            return;
        }
        fresh.Reverse();
        var converted = new List<(string Id, Fill? Fill, decimal Pnl)>();
        foreach (var f in fresh)
        {
            converted.Add((FillId(f), await ConvertFillAsync(f, cancellationToken), f.FillPnl ?? 0m));
        }
        foreach (var (id, fill, pnl) in converted)
        {
            _seenFills.Add(id);
            if (fill is null)
            {
                continue;
            }
            var sequence = Interlocked.Increment(ref _lastSequence);
            _fills.Add(fill with { Sequence = sequence });
            _realizedPnl += pnl;
            _feesPaid += fill.Fee;
        }
        if (_fills.Count > _options.MaxFillsKept)
        {
            _fills.RemoveRange(0, _fills.Count - _options.MaxFillsKept);
        }
    }

    /// <summary>
    /// One OKX fill in coins, with the order id the engine knows: the <c>algoId</c> when the order was placed by a stop
    /// or take-profit that fired (OKX fills carry only the child's <c>ordId</c>; its order details name the algo).
    /// </summary>
    private async Task<Fill?> ConvertFillAsync(OkxFill f, CancellationToken cancellationToken)
    {
        if (FindInstrument(f.InstrumentId) is not { } instrument)
        {
            return null;
        }
        var orderId = f.OrderId;
        var clientOrderId = f.ClientOrderId ?? string.Empty;
        if (!_byOrderId.ContainsKey(f.OrderId))
        {
            var link = await AlgoLinkOfAsync(f, cancellationToken);
            if (link.AlgoId is { Length: > 0 } algoId)
            {
                orderId = algoId;
                clientOrderId = link.AlgoClientOrderId ?? (_byOrderId.TryGetValue(algoId, out var algo) ? algo.ClientOrderId : clientOrderId);
            }
        }
        _byOrderId.TryGetValue(orderId, out var tracked);
        return new Fill(
            0,
            FillId(f),
            orderId,
            tracked?.ClientOrderId ?? clientOrderId,
            f.InstrumentId,
            f.Side == "buy" ? OrderSide.Buy : OrderSide.Sell,
            f.FillSize * instrument.ContractValue,
            f.FillPrice,
            -f.Fee,
            f.IsMaker,
            f.Time,
            tracked?.Tag);
    }

    private async Task<AlgoLink> AlgoLinkOfAsync(OkxFill f, CancellationToken cancellationToken)
    {
        if (_childOrders.TryGetValue(f.OrderId, out var known))
        {
            return known;
        }
        var order = await _rest.GetOrderAsync(f.InstrumentId, f.OrderId, null, cancellationToken);
        if (!order.IsSuccess)
        {
            if (order.Error!.Kind == OkxErrorKind.NotFound)
            {
                return new AlgoLink(null, null);
            }
            throw new OkxExchangeException($"order {f.OrderId} of fill {f.TradeId}", order.Error);
        }
        var link = new AlgoLink(order.Value.AlgoId, order.Value.AlgoClientOrderId);
        _childOrders[f.OrderId] = link;
        return link;
    }

    private static string FillId(OkxFill f) => f.TradeId + ":" + f.OrderId;
}
