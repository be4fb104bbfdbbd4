using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Live;

/// <summary>
/// Keeps a socket's market-data subscriptions equal to the live universe: per instrument its closed-bar candles
/// (<c>candle5m</c>, business path) and its <c>tickers</c> (public path), one arg per <c>instId</c> as OKX requires
/// (an instType-only tickers subscription is rejected with 60018). Instruments that join the universe are subscribed,
/// those that leave it are unsubscribed (their prices still come from the REST ticker poll). Each connection batches
/// the args (at most <c>OkxWebSocketConnection.MaxArgsPerRequest</c> per request, under 64 KB) and sends its whole set
/// again after every reconnect. Not thread-safe: one caller (the live market's universe loop) syncs at a time.
/// </summary>
public sealed class OkxUniverseSubscriptions(OkxWebSocketClient socket)
{
    private readonly OkxWebSocketClient _socket = socket ?? throw new ArgumentNullException(nameof(socket));
    private HashSet<string> _subscribed = new(StringComparer.Ordinal);

    /// <summary>The instruments subscribed now.</summary>
    public IReadOnlyCollection<string> InstrumentIds => _subscribed;

    /// <summary>The market-data subscriptions of one instrument.</summary>
    public static IReadOnlyList<OkxSubscription> For(string instrumentId) =>
    [
        OkxSubscription.ForInstrument("candle" + OkxMarketDataProvider.Bar, instrumentId),
        OkxSubscription.ForInstrument("tickers", instrumentId),
    ];

    /// <summary>Subscribes the instruments that are new and unsubscribes those that left; true when anything changed.</summary>
    public async Task<bool> SyncAsync(IEnumerable<string> instrumentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instrumentIds);
        var wanted = new HashSet<string>(instrumentIds.Where(id => !string.IsNullOrWhiteSpace(id)), StringComparer.Ordinal);
        var removed = _subscribed.Where(id => !wanted.Contains(id)).Order(StringComparer.Ordinal).ToList();
        var added = wanted.Where(id => !_subscribed.Contains(id)).Order(StringComparer.Ordinal).ToList();
        if (removed.Count > 0)
        {
            await _socket.UnsubscribeAsync(removed.SelectMany(For).ToList(), cancellationToken);
        }
        if (added.Count > 0)
        {
            await _socket.SubscribeAsync(added.SelectMany(For).ToList(), cancellationToken);
        }
        _subscribed = wanted;
        return removed.Count + added.Count > 0;
    }
}
