namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>Where one WebSocket connection is in its life, for the dashboard and health page.</summary>
public enum OkxConnectionState
{
    /// <summary>Created; nothing subscribed or connected yet (connections are opened lazily).</summary>
    Idle = 0,

    /// <summary>Opening the first socket (connect, login, subscribe).</summary>
    Connecting = 1,

    /// <summary>Logged in when needed and every subscription sent.</summary>
    Connected = 2,

    /// <summary>The socket dropped; waiting for the backoff delay or opening a new socket.</summary>
    Reconnecting = 3,

    /// <summary>Disposed; it will not connect again.</summary>
    Closed = 4,
}
