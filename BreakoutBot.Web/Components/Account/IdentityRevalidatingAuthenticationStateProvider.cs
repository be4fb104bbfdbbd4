using System.Security.Claims;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Components.Account;

/// <summary>
/// Keeps an interactive circuit's user honest: every <see cref="IdentityPolicy.RevalidationInterval"/>, and at once when
/// the user's sessions are ended (<see cref="SessionRevocations"/>: log-out in any browser, password change, an
/// administrator's lock), the user is looked up again, and a deleted or locked user, or one whose security stamp changed,
/// loses the circuit's authentication. The routes then show the log-in redirect instead of the page, which disposes the
/// page and with it its live engine feed.
/// </summary>
public sealed class IdentityRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private static readonly AuthenticationState Anonymous = new(new ClaimsPrincipal(new ClaimsIdentity()));

    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<IdentityOptions> _options;
    private readonly SessionRevocations _revocations;
    private readonly Lock _gate = new();
    private IDisposable? _watch;
    private bool _disposed;

    public IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> options, SessionRevocations revocations)
        : base(loggerFactory)
    {
        _scopes = scopes;
        _options = options;
        _revocations = revocations;
        AuthenticationStateChanged += WatchUser;
    }

    protected override TimeSpan RevalidationInterval => IdentityPolicy.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var principal = authenticationState.User;
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var stampInCookie = principal.FindFirstValue(_options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stampInCookie == await users.GetSecurityStampAsync(user);
    }

    /// <summary>Follows the revocations of the circuit's current user (none when signed out).</summary>
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
            _watch = _disposed || userId is null ? null : _revocations.Watch(userId, () => CheckNowAsync(state));
        }
    }

    /// <summary>The user's sessions were ended somewhere: check this circuit's session now, not at the next interval.</summary>
    private async Task CheckNowAsync(Task<AuthenticationState> watched)
    {
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
