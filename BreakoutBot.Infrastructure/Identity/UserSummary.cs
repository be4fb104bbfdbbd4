namespace BreakoutBot.Infrastructure.Identity;

/// <summary>One row of the administrator's user list.</summary>
public sealed record UserSummary(
    string Id,
    string UserName,
    string? Email,
    IReadOnlyList<string> Roles,
    bool IsLockedOut,
    DateTimeOffset? LockoutEnd,
    int FailedLogIns,
    DateTimeOffset CreatedAt,
    bool TwoFactorEnabled = false);
