namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>A fault the fake OKX server injects into the next REST calls on a path prefix.</summary>
public enum FakeOkxFault
{
    /// <summary>HTTP 429 with code 50011; the request is NOT executed.</summary>
    RateLimit429,

    /// <summary>HTTP 429 with code 50013 (systems busy); the request is NOT executed.</summary>
    Busy50013,

    /// <summary>HTTP 500 with code 50026; the request is NOT executed.</summary>
    Http500,

    /// <summary>
    /// The request IS executed (an order is placed), but no response arrives: the server holds the response past
    /// <see cref="FakeOkxOptions.TimeoutFaultDelay"/> or until the client gives up, then aborts the connection.
    /// This is the "outcome unknown" case.
    /// </summary>
    Timeout,

    /// <summary>The connection is aborted before the request is executed.</summary>
    DropConnection,

    /// <summary>
    /// The request is held WITHOUT being executed (as by a slow proxy or a queue at OKX) until the test calls
    /// <see cref="FakeOkxServer.ReleaseHeld"/>, then executed, its <c>expTime</c> checked at that moment, and answered if
    /// the client is still waiting (usually it gave up long before). This is the late original that a resend could race.
    /// </summary>
    LateExecution,
}
