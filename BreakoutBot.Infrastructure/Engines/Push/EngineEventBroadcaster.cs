using System.Collections.Concurrent;
using BreakoutBot.Domain.Engine;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Engines.Push;

/// <summary>
/// The portal's in-process engine event hub (ADR-017): every engine's events, status changes and removal are turned
/// into <see cref="EnginePushMessage"/>s once and fanned out to the subscribers of that engine and of every engine
/// (Blazor pages, the SignalR hub). Publishing never waits: each subscriber has its own bounded channel that drops its
/// oldest message when full (<see cref="EngineSubscription.Dropped"/>, <see cref="Dropped"/>). An engine nobody watches
/// costs a dictionary lookup per event. Thread-safe.
/// </summary>
public sealed class EngineEventBroadcaster(TimeProvider time, ILogger<EngineEventBroadcaster> logger)
{
    /// <summary>Messages a subscriber may fall behind before the oldest is dropped.</summary>
    public const int DefaultCapacity = 256;

    private readonly ConcurrentDictionary<string, Feed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private EngineSubscription[] _everyEngine = [];
    private long _published;

    /// <summary>Messages fanned out so far (counted once per message, not per subscriber).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Messages dropped so far across every subscriber, open or closed.</summary>
    public long Dropped => Interlocked.Read(ref _droppedClosed) + AllSubscriptions().Sum(s => s.Dropped);

    private long _droppedClosed;

    /// <summary>How many subscriptions are open (for one engine or for every engine).</summary>
    public int SubscriberCount => AllSubscriptions().Count();

    /// <summary>Subscribes to one engine's messages, or to every engine's when <paramref name="engineId"/> is null.</summary>
    public EngineSubscription Subscribe(string? engineId, int capacity = DefaultCapacity)
    {
        var subscription = new EngineSubscription(engineId, capacity, Unsubscribe);
        lock (_gate)
        {
            if (engineId is null)
            {
                _everyEngine = [.. _everyEngine, subscription];
            }
            else
            {
                var feed = _feeds.GetOrAdd(engineId, _ => new Feed());
                feed.Subscribers = [.. feed.Subscribers, subscription];
            }
        }
        return subscription;
    }

    /// <summary>Takes one engine event (the registry forwards every engine's events here); never throws, never waits.</summary>
    public void Publish(EngineEvent engineEvent)
    {
        if (engineEvent is null)
        {
            return;
        }
        try
        {
            var feed = _feeds.GetOrAdd(engineEvent.EngineId, _ => new Feed());
            var own = Volatile.Read(ref feed.Subscribers);
            var every = Volatile.Read(ref _everyEngine);
            if (own.Length == 0 && every.Length == 0)
            {
                feed.Mapper.Track(engineEvent);
            }
            else
            {
                foreach (var message in feed.Mapper.Map(engineEvent, time.GetUtcNow()))
                {
                    Interlocked.Increment(ref _published);
                    foreach (var s in own)
                    {
                        s.Offer(message);
                    }
                    foreach (var s in every)
                    {
                        s.Offer(message);
                    }
                }
            }
            if (engineEvent is EngineRemovedEvent && feed.Subscribers.Length == 0)
            {
                _feeds.TryRemove(engineEvent.EngineId, out _);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "Pushing {Event} of engine {Engine} failed; the engine goes on.", engineEvent.GetType().Name, engineEvent.EngineId);
        }
    }

    private void Unsubscribe(EngineSubscription subscription)
    {
        lock (_gate)
        {
            if (subscription.EngineId is null)
            {
                _everyEngine = _everyEngine.Where(s => s != subscription).ToArray();
            }
            else if (_feeds.TryGetValue(subscription.EngineId, out var feed))
            {
                feed.Subscribers = feed.Subscribers.Where(s => s != subscription).ToArray();
            }
            Interlocked.Add(ref _droppedClosed, subscription.Dropped);
        }
    }

    private IEnumerable<EngineSubscription> AllSubscriptions() =>
        Volatile.Read(ref _everyEngine).Concat(_feeds.Values.SelectMany(f => Volatile.Read(ref f.Subscribers)));

    private sealed class Feed
    {
        public readonly EnginePushMapper Mapper = new();
        public EngineSubscription[] Subscribers = [];
    }
}
