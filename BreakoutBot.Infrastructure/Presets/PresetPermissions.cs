using System.Security.Claims;
using BreakoutBot.Domain.Constants;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>Who may do what with presets: every signed-in user reads them; Admins and Traders edit, clone and restore.</summary>
public static class PresetPermissions
{
    public static bool CanView(ClaimsPrincipal? user) => user?.Identity?.IsAuthenticated == true;

    public static bool CanEdit(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Trader));
}
