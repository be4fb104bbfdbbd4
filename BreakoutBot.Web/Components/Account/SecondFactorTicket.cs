using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace BreakoutBot.Web.Components.Account;

/// <summary>
/// Carries a log-in from its password step to its code step: a cookie, encrypted and signed with the portal's Data
/// Protection keys (every node reads it), naming the account, its security stamp at the password step (a password change
/// or a revocation meanwhile voids it) and "keep me signed in", good for five minutes. It signs nobody in by itself.
/// </summary>
public sealed class SecondFactorTicket(IDataProtectionProvider protection, TimeProvider time)
{
    public const string CookieName = "BreakoutBot.2fa";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private const string CookiePath = "/Account";

    private readonly IDataProtector _protector = protection.CreateProtector("BreakoutBot.SecondFactorTicket.v1");

    /// <summary>The log-in waiting for its code.</summary>
    public sealed record Pending(string UserId, string SecurityStamp, bool Remember);

    public void Issue(HttpContext http, string userId, string securityStamp, bool remember)
    {
        ArgumentNullException.ThrowIfNull(http);
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = string.Join('\n', userId, securityStamp, remember ? "1" : "0", expires);
        http.Response.Cookies.Append(CookieName, _protector.Protect(payload), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = CookiePath,
            IsEssential = true,
            MaxAge = Lifetime,
        });
    }

    /// <summary>The pending log-in, or null when there is none, it expired or the cookie was not made by this portal.</summary>
    public Pending? Read(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }
        string payload;
        try
        {
            payload = _protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = payload.Split('\n');
        if (parts.Length != 4 || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || time.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            return null;
        }
        return new Pending(parts[0], parts[1], parts[2] == "1");
    }

    public static void Clear(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = CookiePath });
    }
}
