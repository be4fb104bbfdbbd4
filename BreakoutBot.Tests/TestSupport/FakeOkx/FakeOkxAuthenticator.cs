using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// The fake's own check of OKX request signatures, written independently of the product's signer so that a signer
/// bug cannot be hidden by the same bug on both sides.
/// </summary>
internal sealed class FakeOkxAuthenticator(FakeOkxOptions options)
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Checks a private REST request. Returns null when it is accepted.</summary>
    public FakeOkxError? CheckRest(HttpRequest request, string pathAndQuery, string body, DateTimeOffset now)
    {
        var key = Header(request, "OK-ACCESS-KEY");
        if (key.Length == 0)
        {
            return new FakeOkxError("50103", "Request header OK-ACCESS-KEY can not be empty.");
        }
        if (!string.Equals(key, options.ApiKey, StringComparison.Ordinal))
        {
            return new FakeOkxError("50111", "Invalid OK-ACCESS-KEY");
        }
        var passphrase = Header(request, "OK-ACCESS-PASSPHRASE");
        if (passphrase.Length == 0)
        {
            return new FakeOkxError("50104", "Request header OK-ACCESS-PASSPHRASE can not be empty.");
        }
        if (!string.Equals(passphrase, options.Passphrase, StringComparison.Ordinal))
        {
            return new FakeOkxError("50105", "Request header OK-ACCESS-PASSPHRASE incorrect.");
        }
        var timestamp = Header(request, "OK-ACCESS-TIMESTAMP");
        if (timestamp.Length == 0)
        {
            return new FakeOkxError("50107", "Request header OK-ACCESS-TIMESTAMP can not be empty.");
        }
        if (!DateTimeOffset.TryParseExact(timestamp, TimestampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var sentAt))
        {
            return new FakeOkxError("50112", "Invalid OK-ACCESS-TIMESTAMP");
        }
        if ((now - sentAt).Duration() > options.MaxTimestampSkew)
        {
            return new FakeOkxError("50102", "Timestamp request expired");
        }
        var sign = Header(request, "OK-ACCESS-SIGN");
        if (sign.Length == 0)
        {
            return new FakeOkxError("50106", "Request header OK-ACCESS-SIGN can not be empty.");
        }
        var expected = Sign(timestamp + request.Method.ToUpperInvariant() + pathAndQuery + body);
        if (!SameText(sign, expected))
        {
            return new FakeOkxError("50113", "Invalid Sign");
        }
        var simulated = Header(request, "x-simulated-trading") == "1";
        if (simulated != options.IsDemo)
        {
            return new FakeOkxError("50101", "APIKey does not match current environment.");
        }
        return null;
    }

    /// <summary>Checks the args of a WebSocket login. Returns null when it is accepted.</summary>
    public FakeOkxError? CheckLogin(string? apiKey, string? passphrase, string? timestamp, string? sign, DateTimeOffset now)
    {
        if (!string.Equals(apiKey, options.ApiKey, StringComparison.Ordinal))
        {
            return new FakeOkxError("60005", "Invalid OK-ACCESS-KEY");
        }
        if (!string.Equals(passphrase, options.Passphrase, StringComparison.Ordinal))
        {
            return new FakeOkxError("60024", "Wrong passphrase");
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new FakeOkxError("60004", "Invalid timestamp");
        }
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)options.MaxTimestampSkew.TotalSeconds)
        {
            return new FakeOkxError("60006", "Timestamp request expired");
        }
        if (sign is null || !SameText(sign, Sign(timestamp + "GET/users/self/verify")))
        {
            return new FakeOkxError("60007", "Invalid sign");
        }
        return null;
    }

    private string Sign(string prehash)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.SecretKey), Encoding.UTF8.GetBytes(prehash));
        return Convert.ToBase64String(mac);
    }

    private static bool SameText(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) ? values.ToString() : string.Empty;
}
