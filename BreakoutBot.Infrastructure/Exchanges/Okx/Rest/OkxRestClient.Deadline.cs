using System.Globalization;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>
/// The <c>expTime</c> deadline of order placements and amends (OKX "Transaction timeouts"): OKX does not process such a
/// request once its clock is past the deadline, so a request that was held up on the way cannot be executed long after
/// the client gave up on it. The deadline is on the server's clock (local time plus <see cref="ClockOffset"/>, like
/// <c>OK-ACCESS-TIMESTAMP</c>), set afresh on every request and every resend, and carried by a failure's
/// <see cref="OkxError.ExpiresAt"/> so a caller can tell when "not found" becomes final.
/// </summary>
public sealed partial class OkxRestClient
{
    private const string ExpTimeHeader = "expTime";

    /// <summary>Adds the <c>expTime</c> header on endpoints that honour it and returns the deadline; null elsewhere.</summary>
    private DateTimeOffset? AddExpTime(HttpRequestMessage request, OkxEndpoint endpoint, DateTimeOffset serverNow)
    {
        if (!endpoint.HonoursExpTime)
        {
            return null;
        }
        // Whole milliseconds, as sent: the deadline the caller waits for is exactly the one OKX was given.
        var milliseconds = (serverNow + _options.OrderRequestExpiry).ToUnixTimeMilliseconds();
        request.Headers.Add(ExpTimeHeader, milliseconds.ToString(CultureInfo.InvariantCulture));
        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }

    /// <summary>A failure of a request that carried a deadline, with that deadline attached; anything else unchanged.</summary>
    private static OkxResult<T> WithDeadline<T>(OkxResult<T> result, DateTimeOffset? expiresAt) =>
        expiresAt is null || result.IsSuccess ? result : OkxResults.Fail<T>(result.Error! with { ExpiresAt = expiresAt });
}
