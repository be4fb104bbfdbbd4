namespace BreakoutBot.Infrastructure.Identity;

/// <summary>Outcome of a user-administration action, with a message to show the administrator.</summary>
public sealed record UserAdminResult(bool Succeeded, bool Forbidden, string Message)
{
    public static UserAdminResult Ok(string message) => new(true, false, message);

    public static UserAdminResult Failed(string message) => new(false, false, message);

    public static UserAdminResult Denied() => new(false, true, "Only an administrator may manage users.");
}
