using System.Globalization;
using System.Text;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>How codes typed by a user are read, and how an authenticator key is shown and handed to an app.</summary>
public static class TwoFactorCodes
{
    /// <summary>The issuer an authenticator app lists the account under.</summary>
    public const string Issuer = "BreakoutBot";

    /// <summary>True for six digits, spaces allowed between them (apps show "123 456"); <paramref name="digits"/> without them.</summary>
    public static bool IsAuthenticatorCode(string? text, out string digits)
    {
        digits = new string((text ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray());
        return digits.Length == 6 && digits.All(char.IsAsciiDigit);
    }

    /// <summary>
    /// A recovery code as the store keeps it (ten letters or digits as <c>XXXXX-XXXXX</c>, upper case), typed in either
    /// case, with or without its dash and spaces; null when the text cannot be one.
    /// </summary>
    public static string? AsRecoveryCode(string? text)
    {
        var plain = new string((text ?? string.Empty).Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
        return plain.Length == 10 ? plain[..5] + "-" + plain[5..] : null;
    }

    /// <summary>The key in groups of four, lower case, as it is typed into an app by hand.</summary>
    public static string Format(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return text.ToString().TrimEnd().ToLowerInvariant();
    }

    /// <summary>The <c>otpauth://totp/…</c> address an app reads from the QR code (Key Uri Format: SHA-1, 6 digits, 30 s).</summary>
    public static string AuthenticatorUri(string account, string key) =>
        string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6");
}
