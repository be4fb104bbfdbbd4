using System.Collections.Concurrent;
using System.Security.Claims;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// Tells a user's open live connections (interactive circuits, live-event hub connections) that the user's sessions
/// were just ended (log-out, password change, an administrator's lock or change of their roles: a new security stamp;
/// the revocation of one of their API tokens). Each watcher checks its
/// own principal against the store at once (<see cref="IsCurrentAsync"/>) and ends itself when it no longer holds, so a
/// dashboard left open in another tab stops receiving the engine's events now, not at its next periodic check
/// (ADR-012, ADR-017). Watchers are called off the caller's thread; one that throws is logged and the others still run.
/// </summary>
public sealed class SessionRevocations(IServiceScopeFactory scopes, ILogger<SessionRevocations> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Watcher, byte>> _watchers = new(StringComparer.Ordinal);

    /// <summary>Open watchers across every user.</summary>
    public int Count => _watchers.Values.Sum(w => w.Count);

    /// <summary>Calls <paramref name="revoked"/> whenever <paramref name="userId"/>'s sessions are ended; dispose to stop.</summary>
    public IDisposable Watch(string userId, Func<Task> revoked)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(revoked);
        var watcher = new Watcher(this, userId, revoked);
        _watchers.GetOrAdd(userId, _ => new ConcurrentDictionary<Watcher, byte>())[watcher] = 0;
        return watcher;
    }

    /// <summary>
    /// Raised when this node ended a user's sessions (<see cref="Revoke"/>), with the user's id, so a cluster relay can
    /// tell the other nodes (ADR-012); not raised for <see cref="RevokeFromPeer"/>.
    /// </summary>
    public event Action<string>? Ended;

    /// <summary>The user's sessions were ended: every watcher of the user checks itself (in the background), and the other nodes are told.</summary>
    public void Revoke(string userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return;
        }
        RevokeFromPeer(userId);
        try
        {
            Ended?.Invoke(userId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "The other nodes could not be told that the sessions of user {UserId} were ended.", userId);
        }
    }

    /// <summary>Another node ended the user's sessions: every watcher of the user on this node checks itself (in the background).</summary>
    public void RevokeFromPeer(string userId)
    {
        if (string.IsNullOrEmpty(userId) || !_watchers.TryGetValue(userId, out var watchers))
        {
            return;
        }
        foreach (var watcher in watchers.Keys)
        {
            _ = RunAsync(watcher);
        }
    }

    /// <summary>Every watcher of every user checks itself (in the background): the periodic check of <see cref="LiveSessionRecheck"/>.</summary>
    public void CheckAll()
    {
        foreach (var watchers in _watchers.Values)
        {
            foreach (var watcher in watchers.Keys)
            {
                _ = RunAsync(watcher);
            }
        }
    }

    /// <summary>
    /// True while <paramref name="principal"/> is a session the store still honours: the user exists and is not locked,
    /// holds exactly the roles the principal claims (a role given or taken away ends the session, so no open tab or live
    /// connection goes on with the old rights), and the security stamp in the session is the user's current one. A
    /// principal without a stamp claim (a personal access token) is not a session: tokens are revoked on their own, and
    /// pass here unless <paramref name="requireStamp"/> (an interactive circuit, always signed in with the cookie).
    /// </summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, bool requireStamp = false)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return false;
        }
        var claimed = principal.FindAll(users.Options.ClaimsIdentity.RoleClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (!claimed.SetEquals(await users.GetRolesAsync(user)))
        {
            return false;
        }
        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }
        var stampInSession = principal.FindFirstValue(users.Options.ClaimsIdentity.SecurityStampClaimType);
        return stampInSession is null ? !requireStamp : stampInSession == await users.GetSecurityStampAsync(user);
    }

    private async Task RunAsync(Watcher watcher)
    {
        try
        {
            await Task.Yield();
            await watcher.Revoked();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
        {
            // The tab or connection went away while it was being checked (its circuit or hub scope was torn down): it is
            // closed, which is what the check was for.
            logger.LogDebug("A live connection of user {UserId} closed while it was being checked ({Exception}).", watcher.UserId, ex.GetType().Name);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "A live connection of user {UserId} could not be checked after its sessions were ended.", watcher.UserId);
        }
    }

    private void Remove(Watcher watcher)
    {
        if (_watchers.TryGetValue(watcher.UserId, out var watchers))
        {
            watchers.TryRemove(watcher, out _);
        }
    }

    private sealed class Watcher(SessionRevocations owner, string userId, Func<Task> revoked) : IDisposable
    {
        public string UserId { get; } = userId;

        public Func<Task> Revoked { get; } = revoked;

        public void Dispose() => owner.Remove(this);
    }
}
