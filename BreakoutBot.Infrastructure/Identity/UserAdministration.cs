using System.Security.Claims;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// The administrator's actions on users: list, create with a role, add and remove roles, lock and unlock. Every
/// action checks on the server that the acting user is, according to the store, an unlocked administrator (the UI
/// hiding a button is not enough), runs in its own service scope (no long-lived DbContext in a Blazor circuit) and is
/// written to the audit log. Guards: nobody locks themselves out, and the last administrator keeps the Admin role.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, IAuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<UserSummary>> ListUsersAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await FindAdminAsync(users, actor) is null)
        {
            throw new UnauthorizedAccessException("Only an administrator may list users.");
        }

        var db = scope.ServiceProvider.GetRequiredService<BreakoutBotDbContext>();
        var roleRows = await (from ur in db.UserRoles
                              join r in db.Roles on ur.RoleId equals r.Id
                              select new { ur.UserId, r.Name })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var rolesByUser = roleRows.ToLookup(x => x.UserId, x => x.Name ?? string.Empty);
        var all = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return all
            .OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase)
            .Select(u => new UserSummary(
                u.Id,
                u.UserName ?? u.Id,
                u.Email,
                rolesByUser[u.Id].Order(StringComparer.Ordinal).ToList(),
                u.LockoutEnd is { } end && end > now,
                u.LockoutEnd,
                u.AccessFailedCount,
                u.CreatedAt,
                u.TwoFactorEnabled))
            .ToList();
    }

    public async Task<UserAdminResult> CreateUserAsync(ClaimsPrincipal actor, string email, string password, string role)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await FindAdminAsync(users, actor);
        if (admin is null)
        {
            return Deny(actor, AuditActions.UserCreated, email);
        }

        email = (email ?? string.Empty).Trim();
        if (email.Length == 0 || !email.Contains('@', StringComparison.Ordinal))
        {
            return Refuse(admin, AuditActions.UserCreated, email, "E-mail: enter an e-mail address such as trader@example.com.");
        }

        if (!IsKnownRole(role))
        {
            return Refuse(admin, AuditActions.UserCreated, email, RoleChoice);
        }

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            CreatedAt = time.GetUtcNow(),
        };
        // The user and their role in one transaction: a user without a role (a store missing the role, a failed write) is
        // never left behind to log in to a portal that shows them nothing.
        var db = scope.ServiceProvider.GetRequiredService<BreakoutBotDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var created = await users.CreateAsync(user, password ?? string.Empty);
        if (!created.Succeeded)
        {
            audit.Record(admin.Id, admin.UserName, AuditActions.UserCreated, email, Describe(created), success: false);
            return UserAdminResult.Failed(Describe(created));
        }

        string? roleProblem;
        try
        {
            var added = await users.AddToRoleAsync(user, role);
            roleProblem = added.Succeeded ? null : Describe(added);
        }
        catch (Exception ex) when (ex is InvalidOperationException or DbUpdateException)
        {
            roleProblem = ex.Message;
        }

        if (roleProblem is not null)
        {
            await transaction.RollbackAsync();
            audit.Record(admin.Id, admin.UserName, AuditActions.UserCreated, email, "role not given: " + roleProblem, success: false);
            return UserAdminResult.Failed("The user was not created: the role " + role + " could not be given (" + roleProblem + ").");
        }

        await transaction.CommitAsync();
        audit.Record(admin.Id, admin.UserName, AuditActions.UserCreated, email, "role " + role);
        return UserAdminResult.Ok($"Created {email} as {role}.");
    }

    public async Task<UserAdminResult> AddRoleAsync(ClaimsPrincipal actor, string userId, string role)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await FindAdminAsync(users, actor);
        if (admin is null)
        {
            return Deny(actor, AuditActions.RoleAdded, userId);
        }

        if (!IsKnownRole(role))
        {
            return Refuse(admin, AuditActions.RoleAdded, userId, RoleChoice);
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Refuse(admin, AuditActions.RoleAdded, userId, "No such user.");
        }

        if (await users.IsInRoleAsync(user, role))
        {
            return UserAdminResult.Ok($"{user.UserName} already is {role}.");
        }

        var result = await users.AddToRoleAsync(user, role);
        if (result.Succeeded)
        {
            await EndSessionsAsync(users, user, scope.ServiceProvider);
        }

        audit.Record(admin.Id, admin.UserName, AuditActions.RoleAdded, user.UserName, role, result.Succeeded);
        return result.Succeeded ? UserAdminResult.Ok($"{user.UserName} is now {role}.") : UserAdminResult.Failed(Describe(result));
    }

    public async Task<UserAdminResult> RemoveRoleAsync(ClaimsPrincipal actor, string userId, string role)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await FindAdminAsync(users, actor);
        if (admin is null)
        {
            return Deny(actor, AuditActions.RoleRemoved, userId);
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Refuse(admin, AuditActions.RoleRemoved, userId, "No such user.");
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            return UserAdminResult.Ok($"{user.UserName} is not {role}.");
        }

        if (role == Roles.Admin && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
        {
            return Refuse(admin, AuditActions.RoleRemoved, user.UserName, "The last administrator keeps the Admin role; make another user Admin first.");
        }

        if (role == Roles.Admin && user.Id == admin.Id)
        {
            return Refuse(admin, AuditActions.RoleRemoved, user.UserName, "You cannot remove your own Admin role; ask another administrator.");
        }

        var result = await users.RemoveFromRoleAsync(user, role);
        if (result.Succeeded)
        {
            await EndSessionsAsync(users, user, scope.ServiceProvider);
        }

        audit.Record(admin.Id, admin.UserName, AuditActions.RoleRemoved, user.UserName, role, result.Succeeded);
        return result.Succeeded ? UserAdminResult.Ok($"{user.UserName} is no longer {role}.") : UserAdminResult.Failed(Describe(result));
    }

    public async Task<UserAdminResult> LockAsync(ClaimsPrincipal actor, string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await FindAdminAsync(users, actor);
        if (admin is null)
        {
            return Deny(actor, AuditActions.UserLocked, userId);
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Refuse(admin, AuditActions.UserLocked, userId, "No such user.");
        }

        if (user.Id == admin.Id)
        {
            return Refuse(admin, AuditActions.UserLocked, user.UserName, "You cannot lock your own account.");
        }

        await users.SetLockoutEnabledAsync(user, true);
        var result = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        if (result.Succeeded)
        {
            await EndSessionsAsync(users, user, scope.ServiceProvider);
        }

        audit.Record(admin.Id, admin.UserName, AuditActions.UserLocked, user.UserName, null, result.Succeeded);
        return result.Succeeded ? UserAdminResult.Ok($"{user.UserName} is locked.") : UserAdminResult.Failed(Describe(result));
    }

    public async Task<UserAdminResult> UnlockAsync(ClaimsPrincipal actor, string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await FindAdminAsync(users, actor);
        if (admin is null)
        {
            return Deny(actor, AuditActions.UserUnlocked, userId);
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Refuse(admin, AuditActions.UserUnlocked, userId, "No such user.");
        }

        var result = await users.SetLockoutEndDateAsync(user, null);
        if (result.Succeeded)
        {
            await users.ResetAccessFailedCountAsync(user);
        }

        audit.Record(admin.Id, admin.UserName, AuditActions.UserUnlocked, user.UserName, null, result.Succeeded);
        return result.Succeeded ? UserAdminResult.Ok($"{user.UserName} is unlocked.") : UserAdminResult.Failed(Describe(result));
    }

    /// <summary>
    /// Turns a user's two-factor log-in off (they lost their phone and their recovery codes): the key and recovery codes
    /// are discarded and their sessions end; they log in with the password alone and may set it up again. Not for one's
    /// own account (that is done on one's own page, with the password).
    /// </summary>
    public async Task<UserAdminResult> ResetTwoFactorAsync(ClaimsPrincipal actor, string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await FindAdminAsync(users, actor);
        if (admin is null)
        {
            return Deny(actor, AuditActions.TwoFactorReset, userId);
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Refuse(admin, AuditActions.TwoFactorReset, userId, "No such user.");
        }

        if (user.Id == admin.Id)
        {
            return Refuse(admin, AuditActions.TwoFactorReset, user.UserName, "Turn your own two-factor log-in off on your Two-factor log-in page.");
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return UserAdminResult.Ok($"{user.UserName} does not use two-factor log-in.");
        }

        await TwoFactorSettings.TurnOffAsync(users, scope.ServiceProvider.GetRequiredService<IUserStore<ApplicationUser>>(), user);
        await EndSessionsAsync(users, user, scope.ServiceProvider);
        audit.Record(admin.Id, admin.UserName, AuditActions.TwoFactorReset, user.UserName, "turned off by an administrator");
        return UserAdminResult.Ok($"{user.UserName}'s two-factor log-in is off; they log in with their password and may set it up again.");
    }

    /// <summary>
    /// Ends the user's sessions after their roles or lock changed, so nothing goes on with the old rights: a new security
    /// stamp ends every browser session at its next request, open circuits and live connections check themselves now
    /// (<see cref="SessionRevocations"/>), and the user's API tokens are verified against the store again at their next use.
    /// The user signs in again and gets their current roles.
    /// </summary>
    private static async Task EndSessionsAsync(UserManager<ApplicationUser> users, ApplicationUser user, IServiceProvider services)
    {
        await users.UpdateSecurityStampAsync(user);
        services.GetService<SessionRevocations>()?.Revoke(user.Id);
        services.GetService<ApiTokenService>()?.ForgetUser(user.Id);
    }

    private static async Task<ApplicationUser?> FindAdminAsync(UserManager<ApplicationUser> users, ClaimsPrincipal actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var user = await users.GetUserAsync(actor);
        if (user is null || await users.IsLockedOutAsync(user) || !await users.IsInRoleAsync(user, Roles.Admin))
        {
            return null;
        }

        return user;
    }

    private static readonly string RoleChoice = "Role: choose one of " + string.Join(", ", Roles.All) + ".";

    // An administrator's request refused for its input: audited as a failed action with the reason.
    private UserAdminResult Refuse(ApplicationUser admin, string action, string? target, string reason)
    {
        audit.Record(admin.Id, admin.UserName, action, target, reason, success: false);
        return UserAdminResult.Failed(reason);
    }

    private UserAdminResult Deny(ClaimsPrincipal actor, string action, string? target)
    {
        audit.Record(actor.FindFirstValue(ClaimTypes.NameIdentifier), actor.Identity?.Name, action, target, "denied: not an administrator", success: false);
        return UserAdminResult.Denied();
    }

    private static bool IsKnownRole(string? role) => role is not null && Roles.All.Contains(role, StringComparer.Ordinal);

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
