namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>
/// The endpoints the client uses with their documented limits (API_FACTS §2, requests per 2 s). Public limits are per
/// IP, private ones per account, trade ones per account and instrument. GETs, cancels and absolute settings are
/// idempotent (safe to resend); placing and amending orders are not.
/// </summary>
public static class OkxEndpoints
{
    public static readonly OkxEndpoint ServerTime = Public("/api/v5/public/time", 10, partitioned: false);
    public static readonly OkxEndpoint Instruments = Public("/api/v5/public/instruments", 20, partitioned: true);
    public static readonly OkxEndpoint Ticker = Public("/api/v5/market/ticker", 20, partitioned: false);
    public static readonly OkxEndpoint Tickers = Public("/api/v5/market/tickers", 20, partitioned: false);
    public static readonly OkxEndpoint Candles = Public("/api/v5/market/candles", 40, partitioned: false);
    public static readonly OkxEndpoint HistoryCandles = Public("/api/v5/market/history-candles", 20, partitioned: false);
    public static readonly OkxEndpoint Books = Public("/api/v5/market/books", 40, partitioned: false);

    /// <summary>10 per 2 s per IP and instId (API_FACTS §2.1).</summary>
    public static readonly OkxEndpoint FundingRate = Public("/api/v5/public/funding-rate", 10, partitioned: true);
    public static readonly OkxEndpoint FundingRateHistory = Public("/api/v5/public/funding-rate-history", 10, partitioned: true);

    /// <summary>20 per 2 s per IP and instId; asked without instId (the whole instrument type) it is partitioned by type.</summary>
    public static readonly OkxEndpoint OpenInterest = Public("/api/v5/public/open-interest", 20, partitioned: true);

    public static readonly OkxEndpoint Balance = new("/api/v5/account/balance", HttpMethod.Get, 10, false, true, true);
    public static readonly OkxEndpoint Positions = new("/api/v5/account/positions", HttpMethod.Get, 10, false, true, true);
    public static readonly OkxEndpoint AccountConfig = new("/api/v5/account/config", HttpMethod.Get, 5, false, true, true);
    public static readonly OkxEndpoint SetPositionMode = new("/api/v5/account/set-position-mode", HttpMethod.Post, 5, false, true, true);
    public static readonly OkxEndpoint SetLeverage = new("/api/v5/account/set-leverage", HttpMethod.Post, 20, false, true, true);

    /// <summary>Place and amend carry <c>expTime</c> (OKX "Transaction timeouts"); the algo endpoints below do not support it.</summary>
    public static readonly OkxEndpoint PlaceOrder = new("/api/v5/trade/order", HttpMethod.Post, 60, true, true, false) { HonoursExpTime = true };
    public static readonly OkxEndpoint AmendOrder = new("/api/v5/trade/amend-order", HttpMethod.Post, 60, true, true, false) { HonoursExpTime = true };
    public static readonly OkxEndpoint CancelOrder = new("/api/v5/trade/cancel-order", HttpMethod.Post, 60, true, true, true);
    public static readonly OkxEndpoint OrderDetails = new("/api/v5/trade/order", HttpMethod.Get, 60, true, true, true);
    public static readonly OkxEndpoint PendingOrders = new("/api/v5/trade/orders-pending", HttpMethod.Get, 60, false, true, true);
    public static readonly OkxEndpoint Fills = new("/api/v5/trade/fills", HttpMethod.Get, 60, false, true, true);
    public static readonly OkxEndpoint FillsHistory = new("/api/v5/trade/fills-history", HttpMethod.Get, 10, false, true, true);
    public static readonly OkxEndpoint PlaceAlgoOrder = new("/api/v5/trade/order-algo", HttpMethod.Post, 20, true, true, false);
    public static readonly OkxEndpoint AmendAlgoOrder = new("/api/v5/trade/amend-algos", HttpMethod.Post, 20, true, true, false);
    public static readonly OkxEndpoint CancelAlgoOrders = new("/api/v5/trade/cancel-algos", HttpMethod.Post, 20, false, true, true);
    public static readonly OkxEndpoint PendingAlgoOrders = new("/api/v5/trade/orders-algo-pending", HttpMethod.Get, 20, false, true, true);

    private static OkxEndpoint Public(string path, int permits, bool partitioned) => new(path, HttpMethod.Get, permits, partitioned, false, true);
}
