using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// The 6-digit codes of an authenticator app (TOTP, RFC 6238: HMAC-SHA-1 over the 30-second step since the Unix epoch,
/// the key given to the app in Base32) and their check. A code is accepted within one step of the server's clock either
/// way (a phone a little fast or slow, a code typed as it turns over) and only once: a code, or any code of an earlier
/// step, that already opened a log-in or turned two-factor log-in on is refused (RFC 6238, 5.2), so a code seen over a
/// shoulder or in a proxy's log cannot be used again. The last step used is kept with the user in the database, so every
/// node knows it.
/// </summary>
public sealed class AuthenticatorCodes(UserManager<ApplicationUser> users, TimeProvider time)
{
    public const int StepSeconds = 30;
    public const int DriftSteps = 1;
    private const string TokenProvider = "[BreakoutBot]";
    private const string LastStepToken = "AuthenticatorLastStep";
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>True, and the step is remembered as used, when <paramref name="digits"/> is the user's code of a step near now not used before.</summary>
    public async Task<bool> TryUseAsync(ApplicationUser user, string digits)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }
        var stored = await users.GetAuthenticationTokenAsync(user, TokenProvider, LastStepToken);
        var lastUsed = long.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : long.MinValue;
        var now = time.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        var secret = Base32(key);
        for (var step = now - DriftSteps; step <= now + DriftSteps; step++)
        {
            if (step > lastUsed && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(secret, step)), Encoding.ASCII.GetBytes(digits ?? string.Empty)))
            {
                var saved = await users.SetAuthenticationTokenAsync(user, TokenProvider, LastStepToken, step.ToString(CultureInfo.InvariantCulture));
                return saved.Succeeded;
            }
        }
        return false;
    }

    /// <summary>Forgets the last step used (with a new key, its codes start afresh).</summary>
    public static Task<IdentityResult> ForgetAsync(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        return users.RemoveAuthenticationTokenAsync(user, TokenProvider, LastStepToken);
    }

    /// <summary>The code of <paramref name="step"/> for <paramref name="secret"/> (the key's bytes): RFC 6238 with RFC 4226's dynamic truncation.</summary>
    public static string Code(byte[] secret, long step)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        // SHA-1 is what RFC 6238 and the authenticator apps use for these codes (as an HMAC key, not a digest to trust).
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7FFFFFFF) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>The bytes of a Base32 key (RFC 4648 alphabet, any case, padding and spaces ignored).</summary>
    public static byte[] Base32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            if (c is '=' or ' ')
            {
                continue;
            }
            var value = Base32Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"'{c}' is not a Base32 character.");
            }
            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
            }
        }
        return [.. bytes];
    }
}
