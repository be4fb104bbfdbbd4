using System.Security.Claims;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;

namespace BreakoutBot.Infrastructure.Identity;

public enum SecondFactorOutcomeKind
{
    SignedIn,

    /// <summary>Neither the authenticator's current code nor an unused recovery code (counted as a failed log-in).</summary>
    WrongCode,

    /// <summary>Too many recent failures for this account or client address; nothing was checked.</summary>
    Throttled,

    /// <summary>
    /// The password step no longer stands: the account is gone, locked, no longer uses two-factor log-in, or its
    /// password or sessions changed since (its security stamp moved). Log in again from the start.
    /// </summary>
    StartAgain,
}

/// <summary>What the second step of a log-in came to; <see cref="RecoveryCodesLeft"/> is set when a recovery code was used.</summary>
public readonly record struct SecondFactorOutcome(SecondFactorOutcomeKind Kind, TimeSpan RetryAfter = default, string? UserName = null,
    int? RecoveryCodesLeft = null);

/// <summary>
/// The second step of a log-in for an account with two-factor log-in (ADR-012): after the right password
/// (<see cref="PasswordLogIn"/>) the user gives the 6-digit code their authenticator app shows (TOTP, RFC 6238, 30 s) or
/// one of their recovery codes, each good once (an authenticator code too: <see cref="AuthenticatorCodes"/>). Wrong codes
/// count against the same throttle as wrong passwords, per account and per client address, so the code cannot be guessed
/// faster than a password.
/// </summary>
public sealed class SecondFactorLogIn(SignInManager<ApplicationUser> signIn, LogInThrottle throttle, AuthenticatorCodes codes)
{
    /// <summary>The claim a session signed in with both factors carries (value <c>mfa</c>, as OpenID Connect's <c>amr</c>).</summary>
    public const string MethodClaim = "amr";

    public async Task<SecondFactorOutcome> LogInAsync(string userId, string securityStamp, string code, bool remember, string clientAddress)
    {
        var users = signIn.UserManager;
        var user = await users.FindByIdAsync(userId ?? string.Empty);
        if (user is null || !await users.GetTwoFactorEnabledAsync(user)
            || !string.Equals(await users.GetSecurityStampAsync(user), securityStamp, StringComparison.Ordinal)
            || await users.IsLockedOutAsync(user) || !await signIn.CanSignInAsync(user))
        {
            return new SecondFactorOutcome(SecondFactorOutcomeKind.StartAgain);
        }

        var account = user.UserName ?? user.Id;
        var wait = throttle.WaitBefore(account, clientAddress);
        if (wait > TimeSpan.Zero)
        {
            return new SecondFactorOutcome(SecondFactorOutcomeKind.Throttled, wait, account);
        }

        var authenticator = TwoFactorCodes.IsAuthenticatorCode(code, out var digits);
        var ok = authenticator
            ? await codes.TryUseAsync(user, digits)
            : TwoFactorCodes.AsRecoveryCode(code) is { } recovery && (await users.RedeemTwoFactorRecoveryCodeAsync(user, recovery)).Succeeded;
        if (!ok)
        {
            throttle.RecordFailure(account, clientAddress);
            return new SecondFactorOutcome(SecondFactorOutcomeKind.WrongCode, UserName: account);
        }
        int? recoveryLeft = authenticator ? null : await users.CountRecoveryCodesAsync(user);

        throttle.RecordSuccess(account);
        await signIn.SignInWithClaimsAsync(user, remember, [new Claim(MethodClaim, "mfa")]);
        return new SecondFactorOutcome(SecondFactorOutcomeKind.SignedIn, UserName: account, RecoveryCodesLeft: recoveryLeft);
    }
}
