using System.Collections.Concurrent;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Engines.Push;
using Microsoft.AspNetCore.SignalR;

namespace BreakoutBot.Web.Hubs;

/// <summary>
/// The hub's open subscriptions: one <see cref="EngineSubscription"/> per connection and engine, each drained by its
/// own loop that sends to that connection only, so a slow client loses its own oldest messages and nobody else's (and
/// never slows an engine). Unsubscribing or disconnecting disposes the subscription, which ends its loop.
/// </summary>
public sealed class EngineHubSubscriptions(EngineEventBroadcaster broadcaster, IHubContext<EngineHub> hub, TimeProvider time, ILogger<EngineHubSubscriptions> logger) : IDisposable
{
    /// <summary>Engines one connection may watch at once.</summary>
    public const int MaxPerConnection = 100;

    private readonly ConcurrentDictionary<(string Connection, string Engine), EngineSubscription> _open = new();

    /// <summary>Open subscriptions across every connection.</summary>
    public int Count => _open.Count;

    /// <summary>Subscribes the connection to the engine (again is a no-op) and sends the engine's current status first.</summary>
    public void Add(string connectionId, EngineHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var key = (connectionId, handle.Id);
        if (_open.ContainsKey(key))
        {
            return;
        }
        if (_open.Keys.Count(k => k.Connection == connectionId) >= MaxPerConnection)
        {
            throw new HubException($"engineId: one connection may watch at most {MaxPerConnection} engines.");
        }
        var subscription = broadcaster.Subscribe(handle.Id);
        if (!_open.TryAdd(key, subscription))
        {
            subscription.Dispose();
            return;
        }
        var current = new EnginePushMapper().Map(new EngineStatusChangedEvent(handle.Id, time.GetUtcNow(), handle.Status, handle.CommandProgress), time.GetUtcNow());
        _ = PumpAsync(connectionId, subscription, current);
    }

    public void Remove(string connectionId, string engineId)
    {
        if (_open.TryRemove((connectionId, engineId), out var subscription))
        {
            subscription.Dispose();
        }
    }

    public void RemoveConnection(string connectionId)
    {
        foreach (var key in _open.Keys.Where(k => k.Connection == connectionId).ToList())
        {
            Remove(key.Connection, key.Engine);
        }
    }

    private async Task PumpAsync(string connectionId, EngineSubscription subscription, IReadOnlyList<EnginePushMessage> first)
    {
        try
        {
            var client = hub.Clients.Client(connectionId);
            foreach (var message in first)
            {
                await client.SendAsync(EngineHub.MessageMethod, message);
            }
            await foreach (var message in subscription.Reader.ReadAllAsync())
            {
                await client.SendAsync(EngineHub.MessageMethod, message);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Live events of engine {Engine} to connection {Connection} stopped.", subscription.EngineId, connectionId);
            Remove(connectionId, subscription.EngineId ?? "");
        }
        if (subscription.Dropped > 0)
        {
            logger.LogInformation("Connection {Connection} fell behind on engine {Engine}: {Dropped} message(s) dropped, oldest first.", connectionId, subscription.EngineId, subscription.Dropped);
        }
    }

    public void Dispose()
    {
        foreach (var key in _open.Keys.ToList())
        {
            Remove(key.Connection, key.Engine);
        }
    }
}
