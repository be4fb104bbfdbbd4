using System.IO.Compression;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>One client socket on the <see cref="ScriptedOkxSocketServer"/>: what the client sent, and ways to answer it.</summary>
public sealed class ScriptedSocket : IDisposable
{
    private readonly ScriptedOkxSocketServer _server;
    private readonly HttpContext _context;
    private readonly System.Net.WebSockets.WebSocket _socket;
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ScriptedSocket(ScriptedOkxSocketServer server, HttpContext context, System.Net.WebSockets.WebSocket socket)
    {
        _server = server;
        _context = context;
        _socket = socket;
        Path = context.Request.Path.Value ?? string.Empty;
    }

    /// <summary>The request path, e.g. <c>/ws/v5/business</c>.</summary>
    public string Path { get; }

    /// <summary>Completes when the socket has ended (closed by either side or aborted).</summary>
    public Task Closed => _closed.Task;

    /// <summary>The next text message from the client that matches <paramref name="match"/> (earlier ones are skipped).</summary>
    public async Task<string> NextAsync(Func<string, bool>? match = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            while (true)
            {
                var text = await _received.Reader.ReadAsync(cts.Token);
                if (match is null || match(text))
                {
                    return text;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The client sent no matching message in time.");
        }
    }

    /// <summary>The next JSON request with the given <c>op</c>, parsed.</summary>
    public async Task<JsonElement> NextRequestAsync(string op, TimeSpan? timeout = null)
    {
        var text = await NextAsync(t => t.StartsWith('{') && OpOf(t) == op, timeout);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>True when the client sends a message within <paramref name="window"/>.</summary>
    public async Task<bool> SendsAnythingWithinAsync(TimeSpan window)
    {
        using var cts = new CancellationTokenSource(window);
        try
        {
            await _received.Reader.WaitToReadAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    /// <summary>Sends the text gzip-compressed in a binary frame.</summary>
    public Task SendGzipAsync(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return SendAsync(output.ToArray(), WebSocketMessageType.Binary);
    }

    /// <summary>Drops the TCP connection without a close handshake.</summary>
    public void Abort()
    {
        if (_closed.Task.IsCompleted)
        {
            return;
        }
        try
        {
            _context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request already ended.
        }
        _closed.TrySetResult();
    }

    public void Dispose() => _sendLock.Dispose();

    internal async Task RunAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, _context.RequestAborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                var text = Encoding.UTF8.GetString(message.ToArray());
                _received.Writer.TryWrite(text);
                await AnswerAsync(text);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Client went away or the test aborted the socket.
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    private async Task AnswerAsync(string text)
    {
        if (text == "ping")
        {
            if (_server.AnswerPings)
            {
                await SendAsync("pong");
            }
            return;
        }
        if (!text.StartsWith('{'))
        {
            return;
        }
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var op = OpOf(text);
        if (op == "login" && _server.AnswerLogins)
        {
            var args = root.GetProperty("args")[0];
            var valid = _server.LoginSecret is null || args.GetProperty("sign").GetString() == Convert.ToBase64String(
                HMACSHA256.HashData(Encoding.UTF8.GetBytes(_server.LoginSecret), Encoding.UTF8.GetBytes(args.GetProperty("timestamp").GetString() + "GET/users/self/verify")));
            await SendAsync(valid
                ? """{"event":"login","code":"0","msg":"","connId":"a4d3ae55"}"""
                : """{"event":"error","code":"60007","msg":"Invalid sign","connId":"a4d3ae55"}""");
        }
        else if (op is "subscribe" or "unsubscribe" && _server.AcknowledgeSubscriptions)
        {
            var id = root.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
            foreach (var arg in root.GetProperty("args").EnumerateArray())
            {
                var idPart = id is null ? string.Empty : $"\"id\":\"{id}\",";
                await SendAsync($$"""{{{idPart}}"event":"{{op}}","arg":{{arg.GetRawText()}},"connId":"accb8e21"}""");
            }
        }
    }

    private async Task SendAsync(byte[] bytes, WebSocketMessageType type)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, type, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private static string? OpOf(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("op", out var op) ? op.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
