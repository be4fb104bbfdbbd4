namespace BreakoutBot.Infrastructure.Identity;

/// <summary>The portal's password and session rules and its account paths (log-in throttling: <see cref="LogInThrottleOptions"/>).</summary>
public static class IdentityPolicy
{
    /// <summary>Minimum password length; passwords also need a digit, an upper-case and a lower-case letter.</summary>
    public const int MinimumPasswordLength = 10;

    public const string LoginPath = "/Account/Login";
    public const string LogoutPath = "/Account/Logout";
    public const string AccessDeniedPath = "/Account/AccessDenied";

    /// <summary>
    /// How often an open interactive circuit re-reads its user's security stamp, lock and roles (HTTP requests check
    /// the stamp on every request).
    /// </summary>
    public static readonly TimeSpan RevalidationInterval = TimeSpan.FromSeconds(15);
}
