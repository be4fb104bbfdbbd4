using BreakoutBot.Infrastructure.Engines.Push;
using Microsoft.AspNetCore.SignalR;

namespace BreakoutBot.Web.Hubs;

/// <summary>
/// With the Redis backplane (several nodes, ADR-019): sends every message of the engines running on this node to the
/// engine's hub group, so each subscriber receives it on whichever node it is connected to. Hub subscribers then only
/// join groups (<see cref="EngineHub.Subscribe"/>) and get no per-connection feed, so nobody receives a message twice.
/// One bounded subscription to every engine: if Redis is slower than the engines, the oldest messages are dropped and
/// counted (<see cref="EngineEventBroadcaster.Dropped"/>); an engine never waits for it.
/// </summary>
public sealed partial class EngineGroupRelay(EngineEventBroadcaster broadcaster, IHubContext<EngineHub> hub, ILogger<EngineGroupRelay> logger) : BackgroundService
{
    /// <summary>Messages the relay holds for Redis before it drops the oldest.</summary>
    public const int Capacity = 4096;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var everyEngine = broadcaster.Subscribe(null, Capacity);
        try
        {
            await foreach (var message in everyEngine.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await hub.Clients.Group(EngineHub.GroupFor(message.EngineId)).SendAsync(EngineHub.MessageMethod, message, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    LogSendFailed(logger, ex, message.EngineId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live event of engine {EngineId} could not be sent to its hub group.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string engineId);
}
