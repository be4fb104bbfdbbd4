namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>
/// Which WebSocket path serves a channel (API_FACTS §4): candles and algo orders on <c>/business</c>, account
/// channels on <c>/private</c> (login), market data on <c>/public</c>. Subscribing on the wrong path fails with
/// 64001/60018, so every subscription goes through here.
/// </summary>
public static class OkxChannelRouter
{
    private static readonly HashSet<string> PrivateChannels = new(StringComparer.Ordinal)
    {
        "orders", "fills", "positions", "account", "balance_and_position", "liquidation-warning", "account-greeks",
    };

    private static readonly HashSet<string> BusinessLoginChannels = new(StringComparer.Ordinal)
    {
        "orders-algo", "algo-advance", "deposit-info", "withdrawal-info",
    };

    private static readonly string[] BusinessPrefixes = ["candle", "mark-price-candle", "index-candle", "trades-all"];

    /// <summary>The path a channel must be subscribed on.</summary>
    public static OkxWebSocketEndpoint EndpointOf(string channel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        if (PrivateChannels.Contains(channel))
        {
            return OkxWebSocketEndpoint.Private;
        }
        if (BusinessLoginChannels.Contains(channel) || BusinessPrefixes.Any(p => channel.StartsWith(p, StringComparison.Ordinal)))
        {
            return OkxWebSocketEndpoint.Business;
        }
        return OkxWebSocketEndpoint.Public;
    }

    /// <summary>True for channels that need a logged-in connection (account data and algo orders).</summary>
    public static bool RequiresLogin(string channel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        return PrivateChannels.Contains(channel) || BusinessLoginChannels.Contains(channel);
    }

    /// <summary>
    /// The URL of a path: <see cref="OkxOptions.WsBaseUrl"/>, or <see cref="OkxOptions.WsDemoBaseUrl"/> for demo keys,
    /// plus <c>/ws/v5/public|business|private</c> (any path already on the base URL is kept in front).
    /// </summary>
    public static Uri BuildUrl(OkxOptions options, OkxWebSocketEndpoint endpoint, bool demo)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseUrl = demo ? options.WsDemoBaseUrl : options.WsBaseUrl;
        var path = endpoint switch
        {
            OkxWebSocketEndpoint.Public => "ws/v5/public",
            OkxWebSocketEndpoint.Business => "ws/v5/business",
            OkxWebSocketEndpoint.Private => "ws/v5/private",
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Unknown OKX WebSocket endpoint."),
        };
        var text = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + path + baseUrl.Query;
        return new Uri(text);
    }
}
