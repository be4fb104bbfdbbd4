using System.Threading.Channels;

namespace BreakoutBot.Infrastructure.Engines.Push;

/// <summary>
/// One subscriber's feed from the <see cref="EngineEventBroadcaster"/>: a bounded channel the publisher writes without
/// ever waiting. When the reader falls behind by <see cref="Capacity"/> messages the oldest is dropped and counted in
/// <see cref="Dropped"/>. Disposing unsubscribes and completes <see cref="Reader"/>.
/// </summary>
public sealed class EngineSubscription : IDisposable
{
    private readonly Channel<EnginePushMessage> _channel;
    private readonly Action<EngineSubscription> _unsubscribe;
    private long _dropped;
    private int _disposed;

    internal EngineSubscription(string? engineId, int capacity, Action<EngineSubscription> unsubscribe)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        EngineId = engineId;
        Capacity = capacity;
        _unsubscribe = unsubscribe;
        _channel = Channel.CreateBounded<EnginePushMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The engine watched, or null for every engine.</summary>
    public string? EngineId { get; }

    public int Capacity { get; }

    public ChannelReader<EnginePushMessage> Reader => _channel.Reader;

    /// <summary>Messages dropped because this subscriber was <see cref="Capacity"/> behind (oldest first).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Never blocks: a full channel drops its oldest message.</summary>
    internal void Offer(EnginePushMessage message) => _channel.Writer.TryWrite(message);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe(this);
            _channel.Writer.TryComplete();
        }
    }
}
