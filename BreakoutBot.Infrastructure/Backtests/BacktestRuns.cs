using System.Security.Claims;
using BreakoutBot.Domain.Constants;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Who may do what with backtests, the same rule as engines: Admins see and control every run; Traders start runs and
/// see and control only their own; Viewers see every run and control none.
/// </summary>
public static class BacktestRuns
{
    public static bool CanStart(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Trader));

    public static bool CanView(ClaimsPrincipal? user, string ownerId) =>
        user?.Identity?.IsAuthenticated == true
        && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Viewer) || Owns(user, ownerId));

    /// <summary>Cancel or delete: an Admin any run, a Trader their own.</summary>
    public static bool CanControl(ClaimsPrincipal? user, string ownerId) =>
        user?.Identity?.IsAuthenticated == true
        && (user.IsInRole(Roles.Admin) || (user.IsInRole(Roles.Trader) && Owns(user, ownerId)));

    /// <summary>True when the user sees every run (Admins and Viewers), false when only their own.</summary>
    public static bool SeesAll(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Viewer));

    public static string? UserId(ClaimsPrincipal? user) => user?.FindFirstValue(ClaimTypes.NameIdentifier);

    public static IReadOnlyList<string> SplitInstruments(string? stored) =>
        string.IsNullOrWhiteSpace(stored) ? [] : stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool Owns(ClaimsPrincipal user, string ownerId) =>
        UserId(user) is { Length: > 0 } id && string.Equals(id, ownerId, StringComparison.Ordinal);
}
