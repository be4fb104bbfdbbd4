namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>An error reported by OKX (<c>event: error</c> or a bare <c>code</c>/<c>msg</c>), e.g. 60012 bad request, 60009 login failed.</summary>
public sealed record OkxErrorEvent(
    OkxWebSocketEndpoint Endpoint,
    DateTimeOffset Time,
    string Code,
    string Message,
    string? RequestId,
    string? ConnectionId) : OkxWebSocketEvent(Endpoint, Time);
