using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BreakoutBot.Tests.TestSupport.FakeOkx;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.FakeServer;

/// <summary>
/// A deliberately small OKX REST caller for the fake server's own tests. It signs requests itself (not with the
/// product's signer) so the fake's check is tested against an independent implementation.
/// </summary>
internal sealed class SignedOkxHttp : IDisposable
{
    private readonly HttpClient _http;
    private readonly FakeOkxOptions _options;

    public SignedOkxHttp(FakeOkxServer server, TimeSpan? timeout = null)
    {
        _options = server.Options;
        _http = new HttpClient { BaseAddress = server.RestBaseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(5) };
        Secret = _options.SecretKey;
    }

    /// <summary>The secret used to sign; tests change it to produce a bad signature.</summary>
    public string Secret { get; set; }

    /// <summary>Added to the fake's clock when stamping a request (to test skew).</summary>
    public TimeSpan ClockOffset { get; set; }

    public bool SendDemoHeader { get; set; } = true;

    public Task<Response> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery, string.Empty);

    public Task<Response> PostAsync(string path, string body) => SendAsync(HttpMethod.Post, path, body);

    public void Dispose() => _http.Dispose();

    private async Task<Response> SendAsync(HttpMethod method, string pathAndQuery, string body)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        var timestamp = (_options.TimeProvider.GetUtcNow() + ClockOffset).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var prehash = timestamp + method.Method + pathAndQuery + body;
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var sign = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(prehash)));
        request.Headers.Add("OK-ACCESS-KEY", _options.ApiKey);
        request.Headers.Add("OK-ACCESS-SIGN", sign);
        request.Headers.Add("OK-ACCESS-TIMESTAMP", timestamp);
        request.Headers.Add("OK-ACCESS-PASSPHRASE", _options.Passphrase);
        if (SendDemoHeader)
        {
            request.Headers.Add("x-simulated-trading", "1");
        }
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Response(response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public sealed record Response(HttpStatusCode Status, JsonObject Json)
    {
        public string Code => Json["code"]!.ToString();

        public JsonArray Data => Json["data"]!.AsArray();

        public JsonObject First => Data[0]!.AsObject();
    }
}
