using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BreakoutBot.Tests.TestSupport.FakeOkx;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.FakeServer;

/// <summary>A raw ClientWebSocket wrapper for the fake server's own tests (logs in with its own signature code).</summary>
internal sealed class OkxTestSocket : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(3);
    private readonly ClientWebSocket _socket = new();

    private OkxTestSocket()
    {
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<OkxTestSocket> ConnectAsync(FakeOkxServer server, string kind)
    {
        var socket = new OkxTestSocket();
        await socket._socket.ConnectAsync(new Uri(server.WsBaseUrl, "/ws/v5/" + kind), TestContext.Current.CancellationToken);
        return socket;
    }

    public Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    public Task LoginAsync(FakeOkxOptions options)
    {
        var timestamp = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(options.SecretKey));
        var sign = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(timestamp + "GET/users/self/verify")));
        var login = new JsonObject
        {
            ["op"] = "login",
            ["args"] = new JsonArray(new JsonObject
            {
                ["apiKey"] = options.ApiKey,
                ["passphrase"] = options.Passphrase,
                ["timestamp"] = timestamp,
                ["sign"] = sign,
            }),
        };
        return SendAsync(login.ToJsonString());
    }

    /// <summary>The next text frame, or null when the server closed the socket.</summary>
    public async Task<string?> ReceiveTextAsync(TimeSpan? wait = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(wait ?? DefaultWait);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }

    /// <summary>Reads JSON messages until one matches, failing the test when none arrives in time.</summary>
    public async Task<JsonObject> ReceiveUntilAsync(Func<JsonObject, bool> match, TimeSpan? wait = null)
    {
        var started = Stopwatch.GetTimestamp();
        var limit = wait ?? DefaultWait;
        while (true)
        {
            var remaining = limit - Stopwatch.GetElapsedTime(started);
            remaining.ShouldBeGreaterThan(TimeSpan.Zero, "the expected WebSocket message did not arrive in time");
            var text = await ReceiveTextAsync(remaining);
            text.ShouldNotBeNull("the server closed the socket before the expected message");
            if (text is "pong")
            {
                continue;
            }
            var json = JsonNode.Parse(text)!.AsObject();
            if (match(json))
            {
                return json;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        await Task.CompletedTask;
    }
}
