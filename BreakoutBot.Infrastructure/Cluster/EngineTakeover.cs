using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// What a node does with an engine whose lease it just won (ADR-020): rebuilds it from the database like a restart
/// (<see cref="EngineRegistry.RestoreAsync(EngineSnapshot, EngineMove?, CancellationToken)"/>, which reconciles an
/// exchange account), then RESUMES it if it was trading (a fail-over is not an operator restart), and writes the move to
/// the audit log; the engine's transitions and dashboard say "moved from node X to node Y".
/// </summary>
public sealed partial class EngineTakeover(EngineInstanceStore store, EngineRegistry registry, EngineFence fence, IAuditLog audit, ILogger<EngineTakeover> logger)
{
    public const string MovedAction = "engine.moved";

    /// <summary>True when the engine runs on this node now; false when it could not be rebuilt (the caller gives the lease back).</summary>
    public async Task<bool> TakeOverAsync(LeaseGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var move = new EngineMove(grant.PreviousOwner, fence.NodeId);
        EngineHandle handle;
        EngineSnapshot? snapshot;
        try
        {
            snapshot = await store.LoadAsync(grant.EngineId, cancellationToken);
            if (snapshot is null)
            {
                return false;
            }
            handle = await registry.RestoreAsync(snapshot, move, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTakeoverFailed(logger, ex, grant.EngineId, fence.NodeId);
            audit.Record(null, "cluster", MovedAction, grant.EngineId, $"{move.Describe()}: could not be rebuilt: {ex.Message}", false);
            return false;
        }
        if (fence.TokenFor(grant.EngineId) != grant.Token)
        {
            // Lost again while it was being rebuilt: it must not run here.
            registry.Release(grant.EngineId);
            return false;
        }
        var resumed = "";
        if (snapshot.LastState is >= TradingState.Initializing and <= TradingState.Managing && handle.Engine.State == TradingState.Paused)
        {
            var result = await handle.ExecuteAsync(EngineCommand.Resume, null, cancellationToken);
            resumed = result.Success ? "; resumed trading" : $"; could not resume: {result.Message}";
        }
        await store.SaveAsync(handle, cancellationToken);
        var text = $"{move.Describe()} (lease token {grant.Token}): was {snapshot.LastState.ToWireName()}, now {handle.Engine.State.ToWireName()}{resumed}";
        audit.Record(null, "cluster", MovedAction, grant.EngineId, text, true);
        LogTakenOver(logger, grant.EngineId, text);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engine {EngineId} {Text}.")]
    private static partial void LogTakenOver(ILogger logger, string engineId, string text);

    [LoggerMessage(Level = LogLevel.Error, Message = "Engine {EngineId} could not be taken over by node {NodeId}.")]
    private static partial void LogTakeoverFailed(ILogger logger, Exception exception, string engineId, string nodeId);
}
