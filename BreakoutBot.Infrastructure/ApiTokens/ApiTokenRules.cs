using System.Security.Cryptography;
using System.Text;

namespace BreakoutBot.Infrastructure.ApiTokens;

/// <summary>
/// The token format and its limits. A token is <c>bbt_</c> followed by 32 random bytes in base64url (43 characters),
/// so it is recognisable in logs and secret scanners; only its SHA-256 hash is ever stored.
/// </summary>
public static class ApiTokenRules
{
    public const string Prefix = "bbt_";
    public const int RandomBytes = 32;
    public const int MaxNameLength = 64;
    public const int MaxOwnerLength = 256;
    public const int DefaultDays = 30;
    public const int MaxDays = 365;

    public const string NameField = "name";
    public const string ScopeField = "scope";
    public const string DaysField = "days";

    /// <summary>Length of a well-formed token: the prefix and 43 base64url characters.</summary>
    public static readonly int TokenLength = Prefix.Length + Base64UrlLength(RandomBytes);

    /// <summary>A new token text from the system's cryptographic random source.</summary>
    public static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>True when <paramref name="text"/> has the shape of a token (prefix, length, base64url characters).</summary>
    public static bool LooksLikeToken(ReadOnlySpan<char> text)
    {
        if (text.Length != TokenLength || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in text[Prefix.Length..])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>SHA-256 of the token text as 64 lower-case hex characters (what the database holds).</summary>
    public static string Hash(ReadOnlySpan<char> token)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(token.Length)];
        var n = Encoding.UTF8.GetBytes(token, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..n], hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Checks a create request; (field, message) for each problem.</summary>
    public static IReadOnlyList<ApiTokenFieldError> Validate(string? name, int days)
    {
        var errors = new List<ApiTokenFieldError>();
        var clean = (name ?? "").Trim();
        if (clean.Length == 0)
        {
            errors.Add(new(NameField, "Give the token a name, e.g. the script that uses it."));
        }
        else if (clean.Length > MaxNameLength)
        {
            errors.Add(new(NameField, $"The name may have at most {MaxNameLength} characters."));
        }
        if (days is < 1 or > MaxDays)
        {
            errors.Add(new(DaysField, $"A token expires after 1 to {MaxDays} days."));
        }
        return errors;
    }

    private static int Base64UrlLength(int bytes) => (bytes * 4 + 2) / 3;
}
