using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BreakoutBot.Infrastructure.Exchanges.Okx;

/// <summary>
/// OKX v5 request signing: <c>Base64(HMAC-SHA256(secret, timestamp + METHOD + requestPath + body))</c> for REST, with
/// the timestamp in ISO-8601 UTC milliseconds, and the same over <c>seconds + "GET/users/self/verify"</c> for the
/// WebSocket login. The secret is used as UTF-8 text.
/// </summary>
public static class OkxSigner
{
    /// <summary>The path signed by a WebSocket login.</summary>
    public const string WebSocketLoginPath = "/users/self/verify";

    /// <summary>The <c>OK-ACCESS-TIMESTAMP</c> text for a moment, e.g. <c>2020-12-08T09:08:57.715Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The <c>OK-ACCESS-SIGN</c> of a REST request; <paramref name="requestPath"/> includes the query string as sent.</summary>
    public static string SignRest(string secretKey, string timestamp, string method, string requestPath, string? body)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requestPath);
        return Sign(secretKey, string.Concat(timestamp, method.ToUpperInvariant(), requestPath, body ?? string.Empty));
    }

    /// <summary>The <c>sign</c> of a WebSocket login; <paramref name="unixSeconds"/> is also sent as the login's timestamp.</summary>
    public static string SignWebSocketLogin(string secretKey, string unixSeconds)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        ArgumentNullException.ThrowIfNull(unixSeconds);
        return Sign(secretKey, string.Concat(unixSeconds, "GET", WebSocketLoginPath));
    }

    private static string Sign(string secretKey, string prehash) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(prehash)));
}
