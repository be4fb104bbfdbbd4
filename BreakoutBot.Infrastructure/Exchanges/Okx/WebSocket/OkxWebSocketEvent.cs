namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>Something a WebSocket connection publishes to its listeners: a push, a connection change or an error.</summary>
public abstract record OkxWebSocketEvent(OkxWebSocketEndpoint Endpoint, DateTimeOffset Time);
