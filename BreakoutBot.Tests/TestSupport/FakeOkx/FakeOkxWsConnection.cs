using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// One accepted WebSocket of the fake OKX server. Everything it sends goes through one queue and one writer task,
/// so frames never interleave; a queued frame may carry a due time (delayed pushes) and a close request.
/// </summary>
internal sealed class FakeOkxWsConnection
{
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _subscriptions = [];
    private long _lastReceivedTicks = Environment.TickCount64;

    public FakeOkxWsConnection(WebSocket socket, string kind, long number)
    {
        Socket = socket;
        Kind = kind;
        ConnId = (0x5a3e0000 + number).ToString("x8", CultureInfo.InvariantCulture);
    }

    public WebSocket Socket { get; }

    /// <summary>public, business or private.</summary>
    public string Kind { get; }

    public string ConnId { get; }

    public bool LoggedIn { get; set; }

    public TimeSpan SilentFor => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastReceivedTicks));

    public void MarkReceived() => Interlocked.Exchange(ref _lastReceivedTicks, Environment.TickCount64);

    public void AddSubscription(JsonObject arg)
    {
        lock (_gate)
        {
            _subscriptions.RemoveAll(s => JsonNode.DeepEquals(s, arg));
            _subscriptions.Add(arg);
        }
    }

    public void RemoveSubscription(JsonObject arg)
    {
        lock (_gate)
        {
            _subscriptions.RemoveAll(s => JsonNode.DeepEquals(s, arg));
        }
    }

    /// <summary>The subscriptions matching <paramref name="predicate"/> (copies, safe to read outside the lock).</summary>
    public List<JsonObject> Subscriptions(Func<JsonObject, bool> predicate)
    {
        lock (_gate)
        {
            return [.. _subscriptions.Where(predicate).Select(s => (JsonObject)s.DeepClone())];
        }
    }

    public void Send(string text, long dueTicks = 0) => _outgoing.Writer.TryWrite(new Outgoing(text, dueTicks, null, null));

    public void RequestClose(WebSocketCloseStatus status, string reason) =>
        _outgoing.Writer.TryWrite(new Outgoing(null, 0, status, reason));

    public void Complete() => _outgoing.Writer.TryComplete();

    public async Task RunWriterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                var wait = item.DueTicks - Environment.TickCount64;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken);
                }
                if (Socket.State != WebSocketState.Open)
                {
                    return;
                }
                if (item.CloseStatus is { } status)
                {
                    await Socket.CloseOutputAsync(status, item.CloseReason, cancellationToken);
                    return;
                }
                await Socket.SendAsync(Encoding.UTF8.GetBytes(item.Text!), WebSocketMessageType.Text, true, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The socket went away or the server is stopping.
        }
    }

    private sealed record Outgoing(string? Text, long DueTicks, WebSocketCloseStatus? CloseStatus, string? CloseReason);
}
