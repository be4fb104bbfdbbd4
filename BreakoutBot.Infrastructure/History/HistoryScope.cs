using System.Security.Claims;
using BreakoutBot.Domain.Constants;

namespace BreakoutBot.Infrastructure.History;

/// <summary>
/// Whose history a caller may read: Admin and Viewer see every engine; a Trader only the engines they own; anyone else
/// nothing. Serialisable (plain values) so background jobs can carry it.
/// </summary>
public sealed record HistoryScope(bool AllEngines, string? UserId)
{
    public static HistoryScope Nothing { get; } = new(false, null);

    public static HistoryScope Everything { get; } = new(true, null);

    public static HistoryScope For(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return Nothing;
        }
        if (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Viewer))
        {
            return Everything;
        }
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return user.IsInRole(Roles.Trader) && !string.IsNullOrEmpty(id) ? new HistoryScope(false, id) : Nothing;
    }
}
