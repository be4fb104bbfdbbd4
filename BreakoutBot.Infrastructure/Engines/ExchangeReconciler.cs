using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// Brings the engine's view and the exchange account back in step: one rule for engine start, resume, restart and
/// reconnect, with the exchange as the source of truth for what is held. In order:
/// <list type="number">
/// <item>Every fill the engine has not applied yet (a take-profit that filled while the socket was down, a stop that fired
/// while the portal was down) is booked at its own price, fee and time against the order that made it.</item>
/// <item>Only then are quantities compared, per instrument. The exchange holds less than the engine and no fill says why: the
/// rest is booked as a <see cref="ExitReason.Reconciled"/> exit at the last price, newest position first. The exchange holds
/// more, or a position the engine did not open: the excess is closed with a reduce-only market order (the engine owns the
/// positions of the account it trades: give it a sub-account).</item>
/// <item>Protection is adjusted: each open position keeps exactly one live reduce-only stop covering what is still held
/// (resized, moved, placed; extras cancelled). A stop is never cancelled while any quantity remains.</item>
/// <item>An open order of this engine (client id with its prefix) that no position uses is cancelled; anyone else's orders are
/// left alone and reported.</item>
/// <item>The invariant is checked against a fresh read of the open orders; breaches are reported as violations.</item>
/// </list>
/// </summary>
public sealed class ExchangeReconciler(IExchangeClient exchange, IPositionManager positions, TimeProvider clock, string clientIdPrefix, Func<TradingPreset?> preset)
{
    private int _counter;

    public async Task<ReconciliationReport> ReconcileAsync(string trigger, IReadOnlyDictionary<string, decimal>? lastPrices = null, CancellationToken cancellationToken = default)
    {
        var items = new List<ReconciliationItem>();
        var now = clock.GetUtcNow();
        try
        {
            await BookMissedFillsAsync(items, cancellationToken);
            var held = (await exchange.GetPositionsAsync(cancellationToken)).ToDictionary(p => p.InstrumentId, StringComparer.Ordinal);
            if (Differs(held))
            {
                // A fill may have landed between the fill read and the position read: read fills once more before booking
                // anything at a guessed price.
                await BookMissedFillsAsync(items, cancellationToken);
            }
            await CompareQuantitiesAsync(items, held, lastPrices, now, cancellationToken);
            foreach (var action in await positions.EnsureProtectionAsync(cancellationToken))
            {
                items.Add(new ReconciliationItem(action.InstrumentId, $"the stop of {action.PositionId} did not match the position", action.Action));
            }
            await CancelStrayOrdersAsync(items, cancellationToken);

            var orders = await exchange.GetOpenOrdersAsync(cancellationToken);
            var violations = positions.ProtectionProblems(orders).ToList();
            violations.AddRange(orders.Where(o => IsOwn(o) && !positions.Uses(o))
                .Select(o => $"{o.InstrumentId}: order {o.OrderId} ({o.ClientOrderId}) of this engine is still open without a position"));
            return new ReconciliationReport(now, trigger, items, null, violations);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ReconciliationReport(now, trigger, items, ex.Message);
        }
    }

    private async Task BookMissedFillsAsync(List<ReconciliationItem> items, CancellationToken cancellationToken)
    {
        if (preset() is not { } current)
        {
            return;
        }
        var before = positions.OpenPositions.ToDictionary(p => p.Id, p => p.Quantity, StringComparer.Ordinal);
        var (applied, closed) = await positions.SyncFillsAsync(current, cancellationToken);
        if (applied == 0)
        {
            return;
        }
        var after = positions.OpenPositions.ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (var (id, quantity) in before)
        {
            var still = after.GetValueOrDefault(id);
            if (still is null || still.Quantity != quantity)
            {
                var p = still ?? positions.ClosedPositions.LastOrDefault(c => c.Id == id);
                var instrument = p?.InstrumentId ?? "?";
                items.Add(new ReconciliationItem(instrument, $"fills of {id} the engine had not seen",
                    still is null
                        ? $"booked at the exchange's prices; {id} closed ({p?.CloseReason}, net {Fmt(p?.NetRealizedPnl ?? 0m)})"
                        : $"booked at the exchange's prices; {Fmt(still.Quantity)} still held"));
            }
        }
        if (closed > 0 || applied > 0)
        {
            foreach (var opened in after.Values.Where(p => !before.ContainsKey(p.Id)))
            {
                items.Add(new ReconciliationItem(opened.InstrumentId, $"entry fills of {opened.Id} the engine had not seen", $"booked; {Fmt(opened.Quantity)} held"));
            }
        }
    }

    private bool Differs(Dictionary<string, ExchangePosition> held)
    {
        var engine = positions.OpenPositions.GroupBy(p => p.InstrumentId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Direction * p.Quantity), StringComparer.Ordinal);
        return engine.Keys.Concat(held.Keys).Distinct(StringComparer.Ordinal)
            .Any(id => engine.GetValueOrDefault(id) != (held.TryGetValue(id, out var h) ? h.Quantity : 0m));
    }

    private async Task CompareQuantitiesAsync(List<ReconciliationItem> items, Dictionary<string, ExchangePosition> held, IReadOnlyDictionary<string, decimal>? lastPrices, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = positions.OpenPositions;
        var instruments = open.Select(p => p.InstrumentId).Concat(held.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var instrument in instruments)
        {
            var mine = open.Where(p => p.InstrumentId == instrument).OrderByDescending(p => p.OpenedAt ?? p.CreatedAt).ToList();
            var engineQty = mine.Sum(p => p.Direction * p.Quantity);
            var exchangeQty = held.TryGetValue(instrument, out var h) ? h.Quantity : 0m;
            if (engineQty == exchangeQty)
            {
                continue;
            }
            var price = lastPrices is not null && lastPrices.TryGetValue(instrument, out var px) ? px : mine.FirstOrDefault()?.LastPrice ?? h?.AverageEntryPrice ?? 0m;
            var sameSide = Math.Sign(engineQty) == Math.Sign(exchangeQty) || exchangeQty == 0;
            var missing = sameSide ? Math.Abs(engineQty) - Math.Abs(exchangeQty) : Math.Abs(engineQty);
            foreach (var p in mine)
            {
                if (missing <= 0)
                {
                    break;
                }
                var q = Math.Min(missing, p.Quantity);
                var held0 = p.Quantity;
                var closed = await positions.BookExternalExitAsync(p.Id, q, price, now, cancellationToken);
                missing -= q;
                items.Add(new ReconciliationItem(instrument, $"engine held {Fmt(held0)} in {p.Id}, the exchange {Fmt(exchangeQty)}, and no fill explains it",
                    closed ? $"{p.Id} closed at {Fmt(price)} (last price)" : $"{Fmt(q)} of {p.Id} booked as exited at {Fmt(price)} (last price)"));
            }
            var engineAfter = positions.OpenPositions.Where(p => p.InstrumentId == instrument).Sum(p => p.Direction * p.Quantity);
            var excess = exchangeQty - engineAfter;
            if (excess != 0 && Math.Sign(excess) == Math.Sign(exchangeQty))
            {
                var side = excess > 0 ? OrderSide.Sell : OrderSide.Buy;
                var id = clientIdPrefix + "rc" + (++_counter).ToString(CultureInfo.InvariantCulture) + now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                var result = await exchange.PlaceOrderAsync(new OrderRequest(id.Length <= 32 ? id : id[^32..], instrument, side, OrderType.Market, Math.Abs(excess), ReduceOnly: true, Tag: "reconcile"), cancellationToken);
                items.Add(new ReconciliationItem(instrument, $"the exchange held {Fmt(exchangeQty)}, the engine {Fmt(engineAfter)}",
                    result.IsSuccess ? $"closed {Fmt(Math.Abs(excess))} with a reduce-only market order" : $"closing {Fmt(Math.Abs(excess))} failed: {result.Message}"));
            }
        }
    }

    private async Task CancelStrayOrdersAsync(List<ReconciliationItem> items, CancellationToken cancellationToken)
    {
        foreach (var order in await exchange.GetOpenOrdersAsync(cancellationToken))
        {
            if (positions.Uses(order))
            {
                continue;
            }
            if (IsOwn(order))
            {
                var cancel = await exchange.CancelOrderAsync(order.InstrumentId, order.OrderId, cancellationToken);
                items.Add(new ReconciliationItem(order.InstrumentId, $"open {order.Type} order {order.OrderId} of this engine belongs to no open position",
                    cancel.IsSuccess || cancel.Error == ExchangeErrorCode.OrderNotFound ? "cancelled" : $"cancel failed: {cancel.Message}"));
            }
            else
            {
                items.Add(new ReconciliationItem(order.InstrumentId, $"open order {order.OrderId} ({order.ClientOrderId}) was not placed by this engine", "left alone"));
            }
        }
    }

    private bool IsOwn(Order order) => order.ClientOrderId.StartsWith(clientIdPrefix, StringComparison.Ordinal);

    private static string Fmt(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);
}
