namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>
/// A connection became ready (<see cref="OkxConnectionEventKind.Connected"/>), became ready again after a loss
/// (<see cref="OkxConnectionEventKind.Reconnected"/>: reconcile open orders, positions and missed candles over REST),
/// or was lost (<see cref="OkxConnectionEventKind.Disconnected"/>, with the reason).
/// </summary>
public sealed record OkxConnectionEvent(
    OkxWebSocketEndpoint Endpoint,
    DateTimeOffset Time,
    OkxConnectionEventKind Kind,
    string? Reason,
    TimeSpan? ReconnectDuration,
    long ReconnectCount) : OkxWebSocketEvent(Endpoint, Time);
