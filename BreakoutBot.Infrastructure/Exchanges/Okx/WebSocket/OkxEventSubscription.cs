using System.Threading.Channels;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>
/// One listener's bounded queue of events. The socket loop only ever calls <c>TryWrite</c>, so a slow listener
/// cannot stall the socket; when the queue is full the newest event is dropped and counted in <see cref="DroppedCount"/>
/// (a listener that falls behind should treat it like a reconnect and reconcile). Dispose to stop listening.
/// </summary>
public sealed class OkxEventSubscription : IDisposable
{
    private readonly Channel<OkxWebSocketEvent> _channel;
    private readonly Action<OkxEventSubscription> _onDispose;
    private long _dropped;

    internal OkxEventSubscription(int capacity, Action<OkxEventSubscription> onDispose)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _channel = Channel.CreateBounded<OkxWebSocketEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
        _onDispose = onDispose;
    }

    /// <summary>The events, in the order each connection received them.</summary>
    public ChannelReader<OkxWebSocketEvent> Reader => _channel.Reader;

    /// <summary>Events lost because this listener's queue was full.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    internal bool TryWrite(OkxWebSocketEvent item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            return true;
        }
        Interlocked.Increment(ref _dropped);
        return false;
    }

    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        _onDispose(this);
        Complete();
    }
}
