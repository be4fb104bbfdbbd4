using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>The key to give an authenticator app: typed by hand (<see cref="SharedKey"/>) or read from a QR code of <see cref="AuthenticatorUri"/>.</summary>
public sealed record AuthenticatorSetup(string SharedKey, string AuthenticatorUri);

public enum TwoFactorChangeKind
{
    Done,

    /// <summary>The code or password given is wrong; nothing changed.</summary>
    Wrong,

    /// <summary>Too many wrong passwords for this account or address; nothing was checked.</summary>
    Throttled,

    /// <summary>Not possible in the account's present state (already on, or off); nothing changed.</summary>
    NotApplicable,

    /// <summary>Turning it off is refused: one of the user's roles requires two-factor log-in (<see cref="TwoFactorOptions"/>).</summary>
    RequiredByRole,
}

/// <summary>What a change of a user's two-factor settings came to; <see cref="RecoveryCodes"/> (shown once) when new ones were made.</summary>
public readonly record struct TwoFactorChange(TwoFactorChangeKind Kind, IReadOnlyList<string>? RecoveryCodes = null, TimeSpan RetryAfter = default);

/// <summary>
/// A signed-in user's own two-factor log-in (ADR-012): set up an authenticator app, turn two-factor log-in on with a
/// code from it (ten recovery codes are made and shown once), make new recovery codes, or turn it off. Turning it off and
/// new recovery codes need the password, checked against the log-in throttle like a password change. Turning it on or
/// off rotates the security stamp: the user's other sessions end (the caller renews its own).
/// </summary>
public sealed class TwoFactorSettings(UserManager<ApplicationUser> users, IUserStore<ApplicationUser> store, LogInThrottle throttle, AuthenticatorCodes codes,
    Microsoft.Extensions.Options.IOptions<TwoFactorOptions> options)
{
    public const int RecoveryCodeCount = 10;

    public Task<bool> IsEnabledAsync(ApplicationUser user) => users.GetTwoFactorEnabledAsync(user);

    public Task<int> RecoveryCodesLeftAsync(ApplicationUser user) => users.CountRecoveryCodesAsync(user);

    /// <summary>
    /// The user's authenticator key, made on first use. Making it does not touch the security stamp (no session ends for
    /// merely opening the page); it is replaced when two-factor log-in is turned off.
    /// </summary>
    public async Task<AuthenticatorSetup> SetupAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await ((IUserAuthenticatorKeyStore<ApplicationUser>)store).SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), cancellationToken);
            ThrowIfFailed(await users.UpdateAsync(user));
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("The authenticator key was not stored.");
        }
        return new AuthenticatorSetup(TwoFactorCodes.Format(key), TwoFactorCodes.AuthenticatorUri(user.Email ?? user.UserName ?? user.Id, key));
    }

    /// <summary>Turns two-factor log-in on when <paramref name="code"/> is the app's current code; answers the recovery codes.</summary>
    public async Task<TwoFactorChange> EnableAsync(ApplicationUser user, string code)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await users.GetTwoFactorEnabledAsync(user) || string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            return new TwoFactorChange(TwoFactorChangeKind.NotApplicable);
        }
        if (!TwoFactorCodes.IsAuthenticatorCode(code, out var digits) || !await codes.TryUseAsync(user, digits))
        {
            return new TwoFactorChange(TwoFactorChangeKind.Wrong);
        }
        ThrowIfFailed(await users.SetTwoFactorEnabledAsync(user, true));
        var recovery = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? [];
        return new TwoFactorChange(TwoFactorChangeKind.Done, recovery.ToList());
    }

    /// <summary>New recovery codes (the old ones stop working), with the password.</summary>
    public Task<TwoFactorChange> NewRecoveryCodesAsync(ApplicationUser user, string password, string clientAddress) =>
        WhileOnWithPasswordAsync(user, password, clientAddress, async () =>
            new TwoFactorChange(TwoFactorChangeKind.Done, (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []).ToList()));

    /// <summary>Turns two-factor log-in off with the password (not when a role of the user requires it); the key and recovery codes are discarded.</summary>
    public async Task<TwoFactorChange> DisableAsync(ApplicationUser user, string password, string clientAddress)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await IsRequiredAsync(user))
        {
            return new TwoFactorChange(TwoFactorChangeKind.RequiredByRole);
        }
        return await WhileOnWithPasswordAsync(user, password, clientAddress, async () =>
        {
            await TurnOffAsync(users, store, user);
            return new TwoFactorChange(TwoFactorChangeKind.Done);
        });
    }

    /// <summary>True when one of the user's roles requires two-factor log-in.</summary>
    public async Task<bool> IsRequiredAsync(ApplicationUser user) =>
        options.Value.RequiredFor.Length > 0 && (await users.GetRolesAsync(user)).Any(options.Value.RequiredFor.Contains);

    /// <summary>Off, with a new key (an app set up before no longer counts) and no recovery codes; rotates the security stamp.</summary>
    public static async Task TurnOffAsync(UserManager<ApplicationUser> users, IUserStore<ApplicationUser> store, ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        ThrowIfFailed(await users.SetTwoFactorEnabledAsync(user, false));
        await ((IUserTwoFactorRecoveryCodeStore<ApplicationUser>)store).ReplaceCodesAsync(user, [], CancellationToken.None);
        ThrowIfFailed(await users.ResetAuthenticatorKeyAsync(user));
        ThrowIfFailed(await AuthenticatorCodes.ForgetAsync(users, user));
    }

    /// <summary>Runs <paramref name="change"/> when two-factor log-in is on and the password is right (checked against the throttle).</summary>
    private async Task<TwoFactorChange> WhileOnWithPasswordAsync(ApplicationUser user, string password, string clientAddress, Func<Task<TwoFactorChange>> change)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return new TwoFactorChange(TwoFactorChangeKind.NotApplicable);
        }
        var check = await CheckPasswordAsync(user, password, clientAddress);
        return check.Kind == TwoFactorChangeKind.Done ? await change() : check;
    }

    private async Task<TwoFactorChange> CheckPasswordAsync(ApplicationUser user, string password, string clientAddress)
    {
        var account = user.UserName ?? user.Id;
        var wait = throttle.WaitBefore(account, clientAddress);
        if (wait > TimeSpan.Zero)
        {
            return new TwoFactorChange(TwoFactorChangeKind.Throttled, RetryAfter: wait);
        }
        if (!await users.CheckPasswordAsync(user, password ?? string.Empty))
        {
            throttle.RecordFailure(account, clientAddress);
            return new TwoFactorChange(TwoFactorChangeKind.Wrong);
        }
        return new TwoFactorChange(TwoFactorChangeKind.Done);
    }

    private static void ThrowIfFailed(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The account could not be updated: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
