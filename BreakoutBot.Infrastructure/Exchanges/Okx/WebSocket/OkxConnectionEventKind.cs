namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>What happened to a connection.</summary>
public enum OkxConnectionEventKind
{
    /// <summary>The first socket is ready: logged in (when needed) and subscriptions sent.</summary>
    Connected = 0,

    /// <summary>
    /// A replacement socket is ready after a drop, a missing pong or a service-upgrade notice. Pushes may have been
    /// missed in between (the <c>orders</c> channel sends no snapshot), so the listener reconciles over REST.
    /// </summary>
    Reconnected = 1,

    /// <summary>The socket was lost; a reconnect follows unless the connection is being disposed.</summary>
    Disconnected = 2,
}
