using System.Security.Cryptography;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// What a log-in attempt came to; <see cref="RetryAfter"/> is set only when Throttled, <see cref="UserId"/> only when
/// SignedIn or SecondFactorRequired, <see cref="SecurityStamp"/> only when SecondFactorRequired.
/// </summary>
public readonly record struct LogInOutcome(LogInOutcomeKind Kind, TimeSpan RetryAfter = default, string? UserId = null, string? SecurityStamp = null);

public enum LogInOutcomeKind
{
    SignedIn,

    /// <summary>Unknown e-mail or wrong password: the two are never told apart.</summary>
    WrongCredentials,

    /// <summary>Too many recent failures for this account name or client address; nothing was checked.</summary>
    Throttled,

    /// <summary>The right password for an account an administrator locked (only someone who knows it learns this).</summary>
    LockedByAdministrator,

    /// <summary>
    /// The right password for an account with two-factor log-in: nobody is signed in yet; the code from the user's
    /// authenticator (or a recovery code) must follow (<see cref="SecondFactorLogIn"/>). <see cref="LogInOutcome.UserId"/> is set.
    /// </summary>
    SecondFactorRequired,
}

/// <summary>
/// Password log-in with throttling instead of lockout. An unknown e-mail costs the same password-hash verification as
/// a known one (against a dummy hash), and both get the same outcome, so neither time nor message tells whether an
/// account exists. Failures never lock the account nor change its security stamp: open sessions are untouched.
/// </summary>
public sealed class PasswordLogIn(
    SignInManager<ApplicationUser> signIn,
    IPasswordHasher<ApplicationUser> hasher,
    LogInThrottle throttle)
{
    private static readonly Lock DummyGate = new();
    private static string? _dummyHash;

    public async Task<LogInOutcome> LogInAsync(string email, string password, bool remember, string clientAddress)
    {
        email ??= string.Empty;
        password ??= string.Empty;
        var wait = throttle.WaitBefore(email, clientAddress);
        if (wait > TimeSpan.Zero)
        {
            return new LogInOutcome(LogInOutcomeKind.Throttled, wait);
        }

        var users = signIn.UserManager;
        var user = await users.FindByNameAsync(email);
        if (user is null)
        {
            hasher.VerifyHashedPassword(new ApplicationUser(), DummyHash(), password);
            throttle.RecordFailure(email, clientAddress);
            return new LogInOutcome(LogInOutcomeKind.WrongCredentials);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            throttle.RecordFailure(email, clientAddress);
            return new LogInOutcome(LogInOutcomeKind.WrongCredentials);
        }

        if (await users.IsLockedOutAsync(user) || !await signIn.CanSignInAsync(user))
        {
            return new LogInOutcome(LogInOutcomeKind.LockedByAdministrator);
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            // The account's failures are not cleared until the second factor is right: knowing the password alone must
            // not buy fresh guesses at the code.
            return new LogInOutcome(LogInOutcomeKind.SecondFactorRequired, UserId: user.Id, SecurityStamp: await users.GetSecurityStampAsync(user));
        }

        throttle.RecordSuccess(email);
        await signIn.SignInAsync(user, remember);
        return new LogInOutcome(LogInOutcomeKind.SignedIn, UserId: user.Id);
    }

    /// <summary>A hash of a random password made with the portal's hasher (same algorithm and cost as real ones).</summary>
    private string DummyHash()
    {
        lock (DummyGate)
        {
            return _dummyHash ??= hasher.HashPassword(new ApplicationUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        }
    }
}
