using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>
/// A small scripted WebSocket server on 127.0.0.1 (Kestrel, free port) answering like OKX where the tests need it:
/// <c>pong</c> to <c>ping</c>, a login event (checking the sign when <see cref="LoginSecret"/> is set) and one ack per
/// subscribe arg. Everything the client sends is recorded per connection; tests push, drop and close at will.
/// </summary>
public sealed class ScriptedOkxSocketServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ScriptedSocket> _incoming = Channel.CreateUnbounded<ScriptedSocket>();
    private readonly ConcurrentQueue<ScriptedSocket> _all = new();
    private UpgradeHold? _hold;

    private ScriptedOkxSocketServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary><c>ws://127.0.0.1:port</c>, to put in OkxOptions.WsBaseUrl.</summary>
    public Uri BaseUrl { get; }

    public bool AnswerPings { get; set; } = true;

    public bool AcknowledgeSubscriptions { get; set; } = true;

    /// <summary>When false, login frames are recorded but not answered; the test answers by hand.</summary>
    public bool AnswerLogins { get; set; } = true;

    /// <summary>When set, a login with a wrong sign gets error 60007 instead of the login event.</summary>
    public string? LoginSecret { get; set; }

    /// <summary>
    /// Holds the next WebSocket handshake: the client's upgrade request is received but not answered until the test
    /// releases it, so the test can look at what the client does while its new socket is not open yet.
    /// </summary>
    public UpgradeHold HoldNextUpgrade()
    {
        var hold = new UpgradeHold();
        Volatile.Write(ref _hold, hold);
        return hold;
    }

    /// <summary>A held handshake (see <see cref="HoldNextUpgrade"/>).</summary>
    public sealed class UpgradeHold
    {
        private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the client's upgrade request has arrived.</summary>
        public Task Requested => _requested.Task;

        /// <summary>Lets the handshake go on.</summary>
        public void Release() => _released.TrySetResult();

        internal Task WaitForReleaseAsync()
        {
            _requested.TrySetResult();
            return _released.Task;
        }
    }

    public IReadOnlyList<ScriptedSocket> Connections => [.. _all];

    public static async Task<ScriptedOkxSocketServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseWebSockets();
        ScriptedOkxSocketServer? server = null;
        app.Map("/ws/v5/{kind}", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            if (Interlocked.Exchange(ref server!._hold, null) is { } hold)
            {
                await hold.WaitForReleaseAsync().WaitAsync(context.RequestAborted);
            }
            using var webSocket = await context.WebSockets.AcceptWebSocketAsync();
            var socket = new ScriptedSocket(server!, context, webSocket);
            server!._all.Enqueue(socket);
            server._incoming.Writer.TryWrite(socket);
            await socket.RunAsync();
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        server = new ScriptedOkxSocketServer(app, new Uri($"ws://127.0.0.1:{address.Port}"));
        return server;
    }

    /// <summary>The next socket a client opens.</summary>
    public async Task<ScriptedSocket> NextConnectionAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            return await _incoming.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No client connected to the scripted OKX server in time.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _all)
        {
            socket.Abort();
        }
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(stop.Token);
        }
        await _app.DisposeAsync();
        foreach (var socket in _all)
        {
            socket.Dispose();
        }
    }
}
