using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// Brings the engine's view and the exchange account back in step (at engine start and after a reconnect). The rule,
/// per instrument the engine trades, with the exchange as the source of truth for what is held:
/// <list type="bullet">
/// <item>The exchange holds less than the engine (a stop or a manual close while the engine was away, whose fill it never
/// saw): the missing quantity is booked as a <see cref="ExitReason.Reconciled"/> exit at the last price, newest position first.</item>
/// <item>The exchange holds more than the engine, or a position the engine did not open: the excess is closed with a
/// reduce-only market order. BreakoutBot owns the positions of the account it trades (give it a sub-account).</item>
/// <item>An open order of this engine (client id with its prefix) that no open position uses is cancelled; orders placed
/// by anyone else are left alone and reported.</item>
/// </list>
/// A missing stop or take-profit is not touched here: the position manager re-places it on its next pass.
/// </summary>
public sealed class ExchangeReconciler(IExchangeClient exchange, IPositionManager positions, TimeProvider clock, string clientIdPrefix)
{
    private int _counter;

    public async Task<ReconciliationReport> ReconcileAsync(string trigger, IReadOnlyDictionary<string, decimal>? lastPrices = null, CancellationToken cancellationToken = default)
    {
        var items = new List<ReconciliationItem>();
        var now = clock.GetUtcNow();
        try
        {
            var held = (await exchange.GetPositionsAsync(cancellationToken)).ToDictionary(p => p.InstrumentId, StringComparer.Ordinal);
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
                if (missing > 0)
                {
                    foreach (var p in mine)
                    {
                        if (missing <= 0)
                        {
                            break;
                        }
                        var q = Math.Min(missing, p.Quantity);
                        var closed = await positions.BookExternalExitAsync(p.Id, q, price, now, cancellationToken);
                        missing -= q;
                        items.Add(new ReconciliationItem(instrument, $"engine held {Fmt(p.Quantity)} in {p.Id}, the exchange {Fmt(exchangeQty)}",
                            closed ? $"{p.Id} closed at {Fmt(price)} (closed on the exchange while away)" : $"{Fmt(q)} of {p.Id} booked as exited at {Fmt(price)}"));
                    }
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

            var linked = positions.OpenPositions.SelectMany(p => new[] { p.EntryOrderId, p.StopOrderId, p.Tp1OrderId, p.Tp2OrderId })
                .Where(x => x is not null).ToHashSet(StringComparer.Ordinal);
            foreach (var order in await exchange.GetOpenOrdersAsync(cancellationToken))
            {
                if (linked.Contains(order.OrderId))
                {
                    continue;
                }
                if (order.ClientOrderId.StartsWith(clientIdPrefix, StringComparison.Ordinal))
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
            return new ReconciliationReport(now, trigger, items);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ReconciliationReport(now, trigger, items, ex.Message);
        }
    }

    private static string Fmt(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);
}
