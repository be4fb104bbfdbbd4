using System.Security.Claims;
using BreakoutBot.Domain.Constants;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>
/// Who may do what with presets: every signed-in user reads them; Admins and Traders create them (by cloning). A
/// preset is changed (saved, restored, deleted) only by its owner or an Admin; built-in presets only by an Admin.
/// </summary>
public static class PresetPermissions
{
    public static bool CanView(ClaimsPrincipal? user) => user?.Identity?.IsAuthenticated == true;

    /// <summary>True for Admins and Traders: they may create presets (a Trader owns the ones they create).</summary>
    public static bool CanEdit(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Trader));

    /// <summary>True when the user may change this preset: an Admin any preset, a Trader only a preset they own (never a built-in one).</summary>
    public static bool CanModify(ClaimsPrincipal? user, PresetOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (!CanEdit(user))
        {
            return false;
        }
        if (user!.IsInRole(Roles.Admin))
        {
            return true;
        }
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return !owner.BuiltIn && owner.UserId is not null && string.Equals(owner.UserId, userId, StringComparison.Ordinal);
    }

    /// <summary>Why <see cref="CanModify"/> said no, in words for the user.</summary>
    public static string RefusalFor(ClaimsPrincipal? user, string presetName, PresetOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (!CanEdit(user))
        {
            return "Only Traders and Admins may change presets.";
        }
        return owner.BuiltIn
            ? $"'{presetName}' is a built-in preset; only Admins may change it. Clone it to make your own."
            : $"'{presetName}' belongs to {owner.Name}; only its owner or an Admin may change it. Clone it to make your own.";
    }
}
