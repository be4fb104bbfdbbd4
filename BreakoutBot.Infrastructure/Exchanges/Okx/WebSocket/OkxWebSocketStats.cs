namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>A snapshot of one connection's health, for the dashboard.</summary>
public sealed record OkxWebSocketStats(
    OkxWebSocketEndpoint Endpoint,
    Uri Url,
    OkxConnectionState State,
    DateTimeOffset? ConnectedSince,
    DateTimeOffset? LastMessageAt,
    long MessagesReceived,
    long PingsSent,
    long ReconnectCount,
    TimeSpan? LastReconnectDuration,
    string? LastDisconnectReason,
    int SubscriptionCount,
    int ConfirmedSubscriptionCount,
    long DroppedEvents);
