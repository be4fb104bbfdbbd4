namespace BreakoutBot.Infrastructure.Identity;

/// <summary>The portal's password, lockout and session rules and its account paths.</summary>
public static class IdentityPolicy
{
    /// <summary>Failed log-ins in a row that lock an account.</summary>
    public const int MaxFailedLogIns = 5;

    /// <summary>Minimum password length; passwords also need a digit, an upper-case and a lower-case letter.</summary>
    public const int MinimumPasswordLength = 10;

    public const string LoginPath = "/Account/Login";
    public const string LogoutPath = "/Account/Logout";
    public const string AccessDeniedPath = "/Account/AccessDenied";

    /// <summary>How long a lockout after <see cref="MaxFailedLogIns"/> failed log-ins lasts.</summary>
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>How often a signed-in user's security stamp and roles are re-read from the store.</summary>
    public static readonly TimeSpan RevalidationInterval = TimeSpan.FromMinutes(1);
}
