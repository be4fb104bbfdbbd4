namespace BreakoutBot.Infrastructure.Identity;

/// <summary>Audit action names for account and user-administration events.</summary>
public static class AuditActions
{
    public const string LogIn = "login";
    public const string LogInFailed = "login.failed";
    public const string LogInLockedOut = "login.locked-out";
    public const string LogInThrottled = "login.throttled";
    public const string LogOut = "logout";
    public const string PasswordChanged = "password.changed";
    public const string UserCreated = "user.created";
    public const string RoleAdded = "role.added";
    public const string RoleRemoved = "role.removed";
    public const string UserLocked = "user.locked";
    public const string UserUnlocked = "user.unlocked";
    public const string AdminCreated = "admin.created";
    public const string TwoFactorEnabled = "two-factor.enabled";
    public const string TwoFactorDisabled = "two-factor.disabled";
    public const string TwoFactorRecoveryCodes = "two-factor.recovery-codes";
    public const string TwoFactorReset = "two-factor.reset";
    public const string LogInSecondFactorFailed = "login.second-factor-failed";
}
