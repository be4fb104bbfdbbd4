namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>One REST request as the fake OKX server received it.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Path">The path without query, e.g. <c>/api/v5/trade/order</c>.</param>
/// <param name="PathAndQuery">The request target exactly as received.</param>
/// <param name="Body">The raw body ("" when none).</param>
/// <param name="ClientOrderIds">clOrdId and algoClOrdId values found in the body, and clOrdId in the query (several for array bodies).</param>
/// <param name="ReceivedAt">Time on the fake's TimeProvider.</param>
/// <param name="Fault">The fault injected into this request, if any.</param>
/// <param name="ExpTime">The <c>expTime</c> header (the deadline OKX honours on place and amend order), when present and numeric.</param>
public sealed record FakeOkxRequest(
    string Method,
    string Path,
    string PathAndQuery,
    string Body,
    IReadOnlyList<string> ClientOrderIds,
    DateTimeOffset ReceivedAt,
    FakeOkxFault? Fault,
    DateTimeOffset? ExpTime = null)
{
    /// <summary>The first clOrdId of the request, or null.</summary>
    public string? ClOrdId => ClientOrderIds.Count > 0 ? ClientOrderIds[0] : null;
}
