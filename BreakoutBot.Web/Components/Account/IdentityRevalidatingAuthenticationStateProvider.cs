using System.Security.Claims;
using BreakoutBot.Infrastructure.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace BreakoutBot.Web.Components.Account;

/// <summary>
/// Keeps an interactive circuit's user honest: every <see cref="IdentityPolicy.RevalidationInterval"/>, and at once when
/// the user's sessions are ended (<see cref="SessionRevocations"/>: log-out in any browser, password change, an
/// administrator's lock or role change), the user is looked up again, and a deleted or locked user, one whose roles or
/// security stamp changed, loses the circuit's authentication. The routes then show the log-in redirect instead of the page, which disposes the
/// page and with it its live engine feed. Only interactive circuits follow revocations (<see cref="FollowRevocations"/>,
/// called by <see cref="RevocationCircuitHandler"/> when a circuit opens): a static render is one request, and the
/// request that ends the sessions (log-out, password change) must not be signed out halfway through its own page.
/// </summary>
public sealed class IdentityRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private static readonly AuthenticationState Anonymous = new(new ClaimsPrincipal(new ClaimsIdentity()));

    private readonly SessionRevocations _revocations;
    private readonly Lock _gate = new();
    private IDisposable? _watch;
    private bool _following;
    private bool _disposed;

    public IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, SessionRevocations revocations)
        : base(loggerFactory)
    {
        _revocations = revocations;
        AuthenticationStateChanged += WatchUser;
    }

    protected override TimeSpan RevalidationInterval => IdentityPolicy.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        return await _revocations.IsCurrentAsync(authenticationState.User, requireStamp: true);
    }

    /// <summary>This provider serves an interactive circuit: from now on it follows its user's revocations.</summary>
    public void FollowRevocations()
    {
        lock (_gate)
        {
            _following = true;
        }
        WatchUser(GetAuthenticationStateAsync());
    }

    /// <summary>Follows the revocations of the circuit's current user (none when signed out or in a static render).</summary>
    private void WatchUser(Task<AuthenticationState> state) => _ = WatchUserAsync(state);

    private async Task WatchUserAsync(Task<AuthenticationState> state)
    {
        string? userId;
        try
        {
            userId = (await state).User.FindFirstValue(ClaimTypes.NameIdentifier);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            userId = null; // a failed state has no user to follow
        }
        lock (_gate)
        {
            _watch?.Dispose();
            _watch = _disposed || !_following || userId is null ? null : _revocations.Watch(userId, () => CheckNowAsync(state));
        }
    }

    /// <summary>The user's sessions were ended somewhere: check this circuit's session now, not at the next interval.</summary>
    private async Task CheckNowAsync(Task<AuthenticationState> watched)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return; // the circuit ended while the check was queued: nothing left to sign out
            }
        }
        var current = GetAuthenticationStateAsync();
        if (current != watched || await ValidateAuthenticationStateAsync(await current, CancellationToken.None))
        {
            return;
        }
        SetAuthenticationState(Task.FromResult(Anonymous));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AuthenticationStateChanged -= WatchUser;
            lock (_gate)
            {
                _disposed = true;
                _watch?.Dispose();
                _watch = null;
            }
        }
        base.Dispose(disposing);
    }
}
