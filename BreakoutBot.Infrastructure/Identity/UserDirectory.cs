using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// Display names of users for pages that show who owns what: the e-mail address, else the user name. Callers pass only
/// the ids of things the viewer may already see (an engine's owner), so no user list leaks. Each lookup runs in its own
/// scope (no long-lived DbContext in a Blazor circuit).
/// </summary>
public sealed class UserDirectory(IServiceScopeFactory scopes)
{
    /// <summary>What an engine nobody owns shows as its owner.</summary>
    public const string SystemOwnerName = "system (no owner)";

    public async Task<IReadOnlyDictionary<string, string>> DisplayNamesAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var ids = userIds.Distinct(StringComparer.Ordinal).ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ids.Remove(EngineRegistry.SystemOwner))
        {
            names[EngineRegistry.SystemOwner] = SystemOwnerName;
        }
        if (ids.Count == 0)
        {
            return names;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BreakoutBotDbContext>();
        var users = await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.Email, u.UserName })
            .ToListAsync(cancellationToken);
        foreach (var u in users)
        {
            names[u.Id] = u.Email ?? u.UserName ?? u.Id;
        }
        return names;
    }
}
