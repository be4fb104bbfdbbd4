using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;

/// <summary>
/// Waiting out an unanswered request's deadline. A placement or amend that got no answer may still be on its way (held
/// in a proxy or queued at OKX) and be executed after the client has looked for it; OKX only refuses a second order with
/// the same client id while the first is pending, so a market or IOC order that filled meanwhile would not stop a resend.
/// Requests that carry <c>expTime</c> are not executed by OKX after it: once the server's clock is past the deadline,
/// "not found" is final and a resend cannot meet a late original.
/// </summary>
public sealed partial class OkxExchangeClient
{
    /// <summary>
    /// Added to the deadline before the lookup that decides: OKX checks <c>expTime</c> when it takes the request up, and
    /// a request taken up just before its deadline still needs a moment to be executed and to show in a lookup.
    /// </summary>
    public static readonly TimeSpan DeadlineMargin = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Waits (on the injected clock) until <paramref name="error"/>'s request can no longer be executed by OKX: its
    /// <see cref="OkxError.ExpiresAt"/> plus <see cref="DeadlineMargin"/>, on the server's clock. Returns at once when the
    /// request carried no deadline (an endpoint without <c>expTime</c>) or that moment has already passed. True when it waited.
    /// </summary>
    private async Task<bool> WaitOutDeadlineAsync(OkxError error, string context, CancellationToken cancellationToken)
    {
        if (error.ExpiresAt is not { } expiresAt)
        {
            return false;
        }
        // One delay computed once: a replay clock stands still while its timers run on real time, so polling the clock
        // until it passes the deadline could wait for ever.
        var wait = expiresAt + DeadlineMargin - (_time.GetUtcNow() + _rest.ClockOffset);
        if (wait <= TimeSpan.Zero)
        {
            return false;
        }
        _logger.LogWarning(
            "{Exchange}: {Context}: waiting {WaitMs} ms until its deadline ({ExpiresAt:O} on OKX's clock, plus {MarginMs} ms) has passed, so OKX can no longer execute it, before looking again",
            Name,
            context,
            (long)wait.TotalMilliseconds,
            expiresAt,
            (long)DeadlineMargin.TotalMilliseconds);
        await Task.Delay(wait, _time, cancellationToken);
        return true;
    }
}
