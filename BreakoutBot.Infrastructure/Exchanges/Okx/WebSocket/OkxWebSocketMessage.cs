namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>
/// One classified message from OKX. <see cref="Push"/> is set only for <see cref="OkxMessageKind.Push"/>;
/// <see cref="Code"/> and <see cref="Message"/> carry errors, notices and login results; <see cref="Arg"/> the
/// channel of an ack; <see cref="Operation"/> the <c>op</c> of a trading-operation response.
/// </summary>
public sealed record OkxWebSocketMessage(
    OkxMessageKind Kind,
    string? Event = null,
    string? Code = null,
    string? Message = null,
    string? RequestId = null,
    string? ConnectionId = null,
    OkxSubscription? Arg = null,
    string? Operation = null,
    OkxPush? Push = null);
