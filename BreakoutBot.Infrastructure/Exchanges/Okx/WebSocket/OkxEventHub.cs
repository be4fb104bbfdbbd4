namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>
/// Fans events out to listeners, each through its own bounded <see cref="OkxEventSubscription"/>. Publishing never
/// blocks and never throws, so it is safe to call from a socket's receive loop. One hub may serve several connections
/// (the <see cref="OkxWebSocketClient"/> shares one across public, business and private).
/// </summary>
public sealed class OkxEventHub
{
    /// <summary>Default queue length per listener: a few minutes of pushes for a typical universe.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Lock _lock = new();
    private OkxEventSubscription[] _subscribers = [];
    private long _dropped;

    /// <summary>Events dropped across all listeners because a queue was full.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Starts listening; events published before this call are not seen.</summary>
    public OkxEventSubscription Subscribe(int capacity = DefaultCapacity)
    {
        var subscription = new OkxEventSubscription(capacity, Remove);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscription];
        }
        return subscription;
    }

    /// <summary>Offers the event to every listener; returns false when at least one listener's queue was full.</summary>
    public bool Publish(OkxWebSocketEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var delivered = true;
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            if (!subscriber.TryWrite(item))
            {
                Interlocked.Increment(ref _dropped);
                delivered = false;
            }
        }
        return delivered;
    }

    /// <summary>Ends every listener's stream (used when the owner is disposed).</summary>
    public void CompleteAll()
    {
        OkxEventSubscription[] subscribers;
        lock (_lock)
        {
            subscribers = _subscribers;
            _subscribers = [];
        }
        foreach (var subscriber in subscribers)
        {
            subscriber.Complete();
        }
    }

    private void Remove(OkxEventSubscription subscription)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscription))];
        }
    }
}
