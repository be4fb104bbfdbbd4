namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>The three OKX v5 WebSocket paths; each channel lives on exactly one of them.</summary>
public enum OkxWebSocketEndpoint
{
    /// <summary><c>/ws/v5/public</c>: tickers, books, books5, trades, instruments (no login).</summary>
    Public = 0,

    /// <summary><c>/ws/v5/business</c>: candle channels (public) and orders-algo (login).</summary>
    Business = 1,

    /// <summary><c>/ws/v5/private</c>: orders, positions, account, fills (login).</summary>
    Private = 2,
}
