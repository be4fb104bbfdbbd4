using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// A user as the store knows them now, for work done away from their session (an API token, a request queued on another
/// cluster node): id, name and current roles.
/// </summary>
public sealed record StoredUser(string Id, string UserName, IReadOnlyList<string> Roles)
{
    /// <summary>The user with <paramref name="userId"/>, or null when there is none or they are locked at <paramref name="now"/>.</summary>
    public static async Task<StoredUser?> LoadAsync(BreakoutBotDbContext db, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.UserName, u.LockoutEnd }).FirstOrDefaultAsync(cancellationToken);
        if (user is null || (user.LockoutEnd is { } end && end > now))
        {
            return null;
        }
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == user.Id
                           select r.Name).ToListAsync(cancellationToken);
        return new StoredUser(user.Id, user.UserName ?? user.Id, roles.OfType<string>().ToList());
    }
}
