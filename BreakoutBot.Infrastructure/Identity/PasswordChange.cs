using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;

namespace BreakoutBot.Infrastructure.Identity;

public enum PasswordChangeOutcomeKind
{
    Changed,

    /// <summary>The current password given is wrong (counted as a failed log-in for the account and the address).</summary>
    WrongCurrentPassword,

    /// <summary>Too many recent failures for this account or client address; nothing was checked.</summary>
    Throttled,

    /// <summary>The current password is right but the new one breaks a password rule (<see cref="PasswordChangeOutcome.Errors"/>).</summary>
    Refused,
}

/// <summary>
/// What a password change came to: <see cref="RetryAfter"/> only when Throttled, <see cref="Errors"/> when Refused, and
/// <see cref="TokensRevoked"/> (how many API tokens ended with the old password) when Changed.
/// </summary>
public readonly record struct PasswordChangeOutcome(
    PasswordChangeOutcomeKind Kind, TimeSpan RetryAfter = default, IReadOnlyList<string>? Errors = null, int TokensRevoked = 0);

/// <summary>
/// A signed-in user changes their own password. A wrong current password counts against the same throttle as a failed
/// log-in (<see cref="LogInThrottle"/>: per account and per client address), so a session left open cannot be used to
/// guess the password faster than the log-in form allows. A change revokes the user's API tokens: they were created by
/// whoever held the old password, which is why passwords are usually changed (ADR-012).
/// </summary>
public sealed class PasswordChange(UserManager<ApplicationUser> users, LogInThrottle throttle, ApiTokenService tokens)
{
    public async Task<PasswordChangeOutcome> ChangeAsync(ApplicationUser user, string current, string next, string clientAddress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var account = user.UserName ?? user.Id;
        var wait = throttle.WaitBefore(account, clientAddress);
        if (wait > TimeSpan.Zero)
        {
            return new PasswordChangeOutcome(PasswordChangeOutcomeKind.Throttled, wait);
        }

        var result = await users.ChangePasswordAsync(user, current ?? string.Empty, next ?? string.Empty);
        if (!result.Succeeded)
        {
            var mismatch = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            if (mismatch)
            {
                throttle.RecordFailure(account, clientAddress);
                return new PasswordChangeOutcome(PasswordChangeOutcomeKind.WrongCurrentPassword);
            }
            return new PasswordChangeOutcome(PasswordChangeOutcomeKind.Refused, Errors: result.Errors.Select(e => e.Description).ToList());
        }

        throttle.RecordSuccess(account);
        var revoked = await tokens.RevokeAllOfUserAsync(user.Id, account, "password changed", cancellationToken);
        return new PasswordChangeOutcome(PasswordChangeOutcomeKind.Changed, TokensRevoked: revoked);
    }
}
