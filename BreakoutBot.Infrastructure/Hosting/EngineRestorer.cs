using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Hosting;

/// <summary>
/// At start-up (after migrations and preset seeding, before the default engine is created) rebuilds every engine stored
/// in the database, with its open positions and resting orders; an engine that was trading comes back PAUSED. From then
/// on it keeps the <c>Engines</c> table in step with the registry (rows added and removed with the engines).
/// </summary>
public sealed partial class EngineRestorer(EngineRegistry registry, EngineInstanceStore store, ILogger<EngineRestorer> logger, IOptions<ClusterOptions>? cluster = null) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    /// <summary>Engines rebuilt at the last start.</summary>
    public int RestoredCount { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // On a cluster node the lease manager restores the engines this node wins (ADR-020), not every stored one.
        IReadOnlyList<EngineSnapshot> snapshots = cluster?.Value.Enabled == true ? [] : await store.LoadAsync(cancellationToken);
        foreach (var snapshot in snapshots)
        {
            if (registry.Get(snapshot.Id) is not null)
            {
                continue;
            }
            try
            {
                var handle = await registry.RestoreAsync(snapshot, cancellationToken);
                await store.SaveAsync(handle, cancellationToken);
                RestoredCount++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRestoreFailed(logger, ex, snapshot.Id);
            }
        }
        if (snapshots.Count > 0)
        {
            LogRestored(logger, RestoredCount, snapshots.Count);
        }
        // An engine released to another cluster node keeps its row (ADR-020); only one removed for good loses it.
        // An engine created through CreateAsync joins with its row stored (and its preset checked) already.
        _subscription = registry.Subscribe(change => _ = change.Added ? TrackAsync(change.Handle, saveNow: !change.Stored) : change.Released ? Task.CompletedTask : DeleteAsync(change.Handle.Id));
        // Engines created before the subscription (none in the portal, which starts the default engine later) are saved too.
        foreach (var handle in registry.ListAll())
        {
            await TrackAsync(handle, saveNow: true);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _subscription?.Dispose();

    /// <summary>Saves the engine's row now (unless stored already) and again whenever its owner pins another preset version, so a restart keeps the pin.</summary>
    private Task TrackAsync(EngineHandle handle, bool saveNow)
    {
        handle.Presets.Changed += () => _ = SaveAsync(handle);
        return saveNow ? SaveAsync(handle) : Task.CompletedTask;
    }

    private async Task SaveAsync(EngineHandle handle)
    {
        try
        {
            await store.SaveAsync(handle);
        }
        catch (Exception ex)
        {
            LogSaveFailed(logger, ex, handle.Id);
        }
    }

    private async Task DeleteAsync(string engineId)
    {
        try
        {
            await store.DeleteAsync(engineId);
        }
        catch (Exception ex)
        {
            LogSaveFailed(logger, ex, engineId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Restored} of {Stored} stored engine(s) after the restart.")]
    private static partial void LogRestored(ILogger logger, int restored, int stored);

    [LoggerMessage(Level = LogLevel.Error, Message = "Engine {Id} could not be restored.")]
    private static partial void LogRestoreFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Engines row of {Id} could not be written.")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, string id);
}
