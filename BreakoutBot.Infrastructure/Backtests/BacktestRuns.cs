using System.Security.Claims;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Constants;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Who may do what with backtests, the same rule as engines: Admins see and control every run; Traders start runs and
/// see and control only their own; Viewers see every run and control none.
/// </summary>
public static class BacktestRuns
{
    /// <summary>The run's stored preset version with the run's overrides (a sweep's), as its replay runs it.</summary>
    /// <exception cref="DomainException">The version no longer exists, or the overrides no longer make a valid preset.</exception>
    public static async Task<Domain.Presets.TradingPreset> PresetOfAsync(Presets.IPresetStore presets, BacktestRunEntity run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presets);
        ArgumentNullException.ThrowIfNull(run);
        var version = await presets.GetVersionAsync(run.PresetName, run.PresetVersion, cancellationToken)
            ?? throw new DomainException($"Preset '{run.PresetName}' version {run.PresetVersion} no longer exists.");
        if (run.Overrides is null)
        {
            return version.Preset;
        }
        var changed = PresetOverrides.Apply(version.Json, PresetOverrides.Parse(run.Overrides));
        return changed.Preset ?? throw new DomainException("The swept preset is not valid: " + string.Join("; ", changed.Errors.Select(e => e.Message)));
    }

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
