namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>The kind of one message received from OKX, decided by <see cref="OkxMessageClassifier"/>.</summary>
public enum OkxMessageKind
{
    /// <summary>Neither an event, an operation response, a push nor an error.</summary>
    Unknown = 0,

    /// <summary>The plain text <c>pong</c> answering a <c>ping</c>.</summary>
    Pong = 1,

    /// <summary><c>event: login</c> (success; a failed login arrives as <see cref="Error"/>).</summary>
    Login = 2,

    /// <summary><c>event: subscribe</c>, one per subscribed arg.</summary>
    Subscribe = 3,

    /// <summary><c>event: unsubscribe</c>, one per arg.</summary>
    Unsubscribe = 4,

    /// <summary><c>event: error</c>, or a bare <c>code</c> + <c>msg</c> object. Never a push.</summary>
    Error = 5,

    /// <summary><c>event: notice</c>, e.g. code 64008 before a service upgrade.</summary>
    Notice = 6,

    /// <summary><c>event: channel-conn-count</c> or <c>channel-conn-count-error</c>.</summary>
    ChannelConnectionCount = 7,

    /// <summary>The response to a WebSocket trading operation (has <c>op</c>).</summary>
    OperationResponse = 8,

    /// <summary>A channel push: <c>arg</c> + <c>data</c>.</summary>
    Push = 9,
}
