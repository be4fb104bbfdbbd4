using BreakoutBot.Infrastructure.Engines.Push;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>The registry's look-ups, removal and release, change notifications and disposal.</summary>
public sealed partial class EngineRegistry
{
    /// <summary>Where every engine's events and status changes are pushed live (ADR-017).</summary>
    public EngineEventBroadcaster Broadcaster => _broadcaster;

    public EngineHandle? Get(string id) => id is not null && _engines.TryGetValue(id, out var e) ? e.Handle : null;

    /// <summary>The engines <paramref name="ownerId"/> owns, oldest first.</summary>
    public IReadOnlyList<EngineHandle> ListFor(string ownerId) =>
        _engines.Values.Select(e => e.Handle).Where(h => string.Equals(h.OwnerId, ownerId, StringComparison.Ordinal)).OrderBy(h => h.CreatedAt).ThenBy(h => h.Id, StringComparer.Ordinal).ToList();

    /// <summary>Every engine, oldest first.</summary>
    public IReadOnlyList<EngineHandle> ListAll() =>
        _engines.Values.Select(e => e.Handle).OrderBy(h => h.CreatedAt).ThenBy(h => h.Id, StringComparer.Ordinal).ToList();

    /// <summary>Removes and disposes an engine; false when there is none with that id.</summary>
    public bool Remove(string id)
    {
        if (!_engines.TryRemove(id, out var entry))
        {
            return false;
        }
        Notify(new EngineRegistryChange(entry.Handle, false));
        entry.Handle.Changed = null;
        _broadcaster.Publish(new EngineRemovedEvent(id, _time.GetUtcNow()));
        entry.Subscription.Dispose();
        entry.Handle.Dispose();
        _logger.LogInformation("Engine {Id} removed.", id);
        return true;
    }

    /// <summary>
    /// Stops and disposes an engine this node no longer runs (a cluster node that lost or gave up its lease, ADR-020):
    /// unlike <see cref="Remove"/> the engine stays stored, for the node that runs it next. False when there is none.
    /// </summary>
    public bool Release(string id)
    {
        if (!_engines.TryRemove(id, out var entry))
        {
            return false;
        }
        Notify(new EngineRegistryChange(entry.Handle, false, Released: true));
        entry.Handle.Changed = null;
        _broadcaster.Publish(new EngineRemovedEvent(id, _time.GetUtcNow()));
        entry.Subscription.Dispose();
        entry.Handle.Dispose();
        _logger.LogInformation("Engine {Id} released: it no longer runs on this node.", id);
        return true;
    }

    /// <summary>Tells <paramref name="handler"/> about every engine added or removed from now on.</summary>
    public IDisposable Subscribe(Action<EngineRegistryChange> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_subscriberGate)
        {
            _subscribers = [.. _subscribers, handler];
        }
        return new Unsubscriber(this, handler);
    }

    public void Dispose()
    {
        foreach (var id in _engines.Keys.ToList())
        {
            if (_engines.TryRemove(id, out var entry))
            {
                entry.Subscription.Dispose();
                entry.Handle.Dispose();
            }
        }
    }

    private void Notify(EngineRegistryChange change)
    {
        foreach (var h in Volatile.Read(ref _subscribers))
        {
            try
            {
                h(change);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A registry subscriber failed on engine {Id}.", change.Handle.Id);
            }
        }
    }

    private sealed record Entry(EngineHandle Handle, IDisposable Subscription);

    private sealed class Unsubscriber(EngineRegistry owner, Action<EngineRegistryChange> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._subscriberGate)
            {
                owner._subscribers = owner._subscribers.Where(h => h != handler).ToArray();
            }
        }
    }
}
