using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using static BreakoutBot.Tests.TestSupport.FakeOkx.FakeOkxJson;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// The WebSocket side of the fake OKX server: <c>/ws/v5/public</c> (tickers, books5), <c>/ws/v5/business</c>
/// (candles) and <c>/ws/v5/private</c> (login, orders, positions, account), with the test hooks for dropped
/// sockets, notices, delayed and duplicated pushes, and silence (no <c>pong</c>). Like OKX it rejects a tickers or
/// books5 subscription without a known <c>instId</c> (an instType-only one) with 60018.
/// </summary>
internal sealed partial class FakeOkxWebSocketHub : IFakeOkxPushSink
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);
    private static readonly HashSet<string> CandleBars = new(StringComparer.Ordinal)
    {
        "1s", "1m", "3m", "5m", "15m", "30m", "1H", "2H", "4H", "6H", "12H", "1D", "2D", "3D", "5D", "1W", "1M", "3M",
        "6Hutc", "12Hutc", "1Dutc", "2Dutc", "3Dutc", "5Dutc", "1Wutc", "1Mutc", "3Mutc",
    };

    private readonly ConcurrentDictionary<string, FakeOkxWsConnection> _connections = new(StringComparer.Ordinal);
    private readonly FakeOkxOptions _options;
    private readonly FakeOkxAuthenticator _authenticator;
    private FakeOkxExchange? _exchange;
    private long _connectionCount;
    private long _loginCount;
    private long _subscriptionCount;
    private readonly ConcurrentQueue<(string Kind, string Code)> _errors = new();
    private long _pushDelayMs;
    private int _duplicate;
    private long _pingCount;
    private int _silent;

    public FakeOkxWebSocketHub(FakeOkxOptions options)
    {
        _options = options;
        _authenticator = new FakeOkxAuthenticator(options);
    }

    public long ConnectionCount => Interlocked.Read(ref _connectionCount);

    public long LoginCount => Interlocked.Read(ref _loginCount);

    public long SubscriptionCount => Interlocked.Read(ref _subscriptionCount);

    public int OpenCount => _connections.Count;

    /// <summary>Text <c>ping</c> frames received on any socket.</summary>
    public long PingCount => Interlocked.Read(ref _pingCount);

    /// <summary>Every error event sent: the socket kind (public, business, private) and the code.</summary>
    public IReadOnlyList<(string Kind, string Code)> ErrorsSent => [.. _errors];

    /// <summary>While true, <c>ping</c> gets no <c>pong</c> (a half-dead connection).</summary>
    public bool Silent
    {
        get => Volatile.Read(ref _silent) == 1;
        set => Volatile.Write(ref _silent, value ? 1 : 0);
    }

    /// <summary>The subscription args of the open sockets of one kind, as (channel, instId or instType).</summary>
    public IReadOnlyList<(string Channel, string? Target)> SubscriptionsOf(string kind) =>
        [.. _connections.Values.Where(c => c.Kind == kind)
            .SelectMany(c => c.Subscriptions(_ => true))
            .Select(s => (Str(s, "channel")!, Str(s, "instId") ?? Str(s, "instType")))];

    private FakeOkxExchange Exchange => _exchange ?? throw new InvalidOperationException("The hub has no exchange attached.");

    public void Attach(FakeOkxExchange exchange) => _exchange = exchange;

    public void DelayPushes(TimeSpan delay) => Interlocked.Exchange(ref _pushDelayMs, (long)delay.TotalMilliseconds);

    public void DuplicatePushes(bool duplicate) => Interlocked.Exchange(ref _duplicate, duplicate ? 1 : 0);

    public void SendNotice64008()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Send(new JsonObject
            {
                ["event"] = "notice",
                ["code"] = "64008",
                ["msg"] = "The connection will soon be closed for a service upgrade. Please reconnect.",
                ["connId"] = connection.ConnId,
            }.ToJsonString());
        }
    }

    public void DropAll()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Socket.Abort();
        }
    }

    public async Task AcceptAsync(HttpContext context, string kind, CancellationToken stopping)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new FakeOkxWsConnection(socket, kind, Interlocked.Increment(ref _connectionCount));
        _connections[connection.ConnId] = connection;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
        var writer = connection.RunWriterAsync(cts.Token);
        var watchdog = WatchSilenceAsync(connection, cts.Token);
        try
        {
            await ReceiveAsync(connection, cts.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Dropped by the client, by DropAllSockets or by the server stopping.
        }
        finally
        {
            _connections.TryRemove(connection.ConnId, out _);
            connection.Complete();
            await Task.WhenAny(writer, Task.Delay(CloseGrace, CancellationToken.None));
            await cts.CancelAsync();
            await Task.WhenAll(writer, watchdog);
        }
    }

    // ---------- receiving ----------

    private async Task ReceiveAsync(FakeOkxWsConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (connection.Socket.State == WebSocketState.Open)
        {
            var result = await connection.Socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                connection.RequestClose(WebSocketCloseStatus.NormalClosure, string.Empty);
                return;
            }
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }
            connection.MarkReceived();
            var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            message.SetLength(0);
            Handle(connection, text);
        }
    }

    private async Task WatchSilenceAsync(FakeOkxWsConnection connection, CancellationToken cancellationToken)
    {
        var step = TimeSpan.FromMilliseconds(Math.Clamp(_options.WsSilenceTimeout.TotalMilliseconds / 5, 10, 500));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(step, cancellationToken);
                if (connection.SilentFor >= _options.WsSilenceTimeout)
                {
                    connection.RequestClose((WebSocketCloseStatus)4004, "No data received in 30s");
                    await Task.Delay(CloseGrace, cancellationToken);
                    connection.Socket.Abort();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended first.
        }
    }

    private void Handle(FakeOkxWsConnection connection, string text)
    {
        if (text == "ping")
        {
            if (!Silent)
            {
                connection.Send("pong");
            }
            // Counted after the pong is queued, so a test that sees the count also knows the answer is on its way.
            Interlocked.Increment(ref _pingCount);
            return;
        }
        JsonObject? request;
        try
        {
            request = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            request = null;
        }
        var op = request is null ? null : Str(request, "op");
        var id = request is null ? null : Str(request, "id");
        var args = request?["args"] as JsonArray;
        if (request is null || op is null || args is null)
        {
            SendError(connection, id, new FakeOkxError("60012", $"Invalid request: {text}"));
            return;
        }
        switch (op)
        {
            case "login":
                Login(connection, args.FirstOrDefault() as JsonObject);
                break;
            case "subscribe":
                foreach (var arg in args.OfType<JsonObject>())
                {
                    Subscribe(connection, id, arg);
                }
                break;
            case "unsubscribe":
                foreach (var arg in args.OfType<JsonObject>())
                {
                    connection.RemoveSubscription(arg);
                    Reply(connection, id, "unsubscribe", arg);
                }
                break;
            default:
                SendError(connection, id, new FakeOkxError("60012", $"Invalid request: {text}"));
                break;
        }
    }

    private void Login(FakeOkxWsConnection connection, JsonObject? arg)
    {
        var error = arg is null
            ? new FakeOkxError("60009", "Login failed.")
            : _authenticator.CheckLogin(Str(arg, "apiKey"), Str(arg, "passphrase"), Str(arg, "timestamp"), Str(arg, "sign"),
                Exchange.ServerTime());
        if (error is not null)
        {
            SendError(connection, null, error);
            return;
        }
        connection.LoggedIn = true;
        Interlocked.Increment(ref _loginCount);
        connection.Send(new JsonObject
        {
            ["event"] = "login",
            ["code"] = "0",
            ["msg"] = string.Empty,
            ["connId"] = connection.ConnId,
        }.ToJsonString());
    }

    private void Subscribe(FakeOkxWsConnection connection, string? id, JsonObject arg)
    {
        var error = Validate(connection, arg);
        if (error is not null)
        {
            SendError(connection, id, error);
            return;
        }
        connection.AddSubscription((JsonObject)arg.DeepClone());
        Interlocked.Increment(ref _subscriptionCount);
        Reply(connection, id, "subscribe", arg);
        var channel = Str(arg, "channel");
        if (channel == "positions")
        {
            var instId = Str(arg, "instId");
            var data = Exchange.RenderPositions(Str(arg, "instType"), instId is null ? null : [instId]);
            Snapshot(connection, arg, data);
        }
        else if (channel == "account")
        {
            var ccy = Str(arg, "ccy");
            Snapshot(connection, arg, [Exchange.RenderBalanceFor(ccy is null ? null : [ccy])]);
        }
    }

    private FakeOkxError? Validate(FakeOkxWsConnection connection, JsonObject arg)
    {
        var channel = Str(arg, "channel");
        var instId = Str(arg, "instId");
        if (string.IsNullOrEmpty(channel))
        {
            return new FakeOkxError("60013", "Invalid args");
        }
        var wrongUrl = new FakeOkxError("60018", $"Wrong URL or channel:{channel},instId:{instId} doesn't exist. Please use the correct URL, channel and parameters referring to API document.");
        var isCandle = channel.StartsWith("candle", StringComparison.Ordinal);
        switch (connection.Kind)
        {
            case "public":
                if (isCandle)
                {
                    return new FakeOkxError("64001", "This channel has been migrated to the '/business' URL. Please subscribe using the new URL.");
                }
                if (channel is not ("tickers" or "books5"))
                {
                    return wrongUrl;
                }
                return KnownInstrument(instId) ? null : wrongUrl;
            case "business":
                if (channel is "tickers" or "books5")
                {
                    return new FakeOkxError("64002", "This channel is not supported by '/business' URL. Please use the correct URL.");
                }
                if (!isCandle || !CandleBars.Contains(channel["candle".Length..]))
                {
                    return wrongUrl;
                }
                return KnownInstrument(instId) ? null : wrongUrl;
            default:
                if (channel is not ("orders" or "positions" or "account"))
                {
                    return wrongUrl;
                }
                if (!connection.LoggedIn)
                {
                    return new FakeOkxError("60011", "Please log in");
                }
                return channel != "account" && Str(arg, "instType") is null ? new FakeOkxError("60013", "Invalid args") : null;
        }
    }
}
