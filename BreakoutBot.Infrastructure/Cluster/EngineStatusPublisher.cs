using System.Collections.Concurrent;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// On a cluster node: every <see cref="ClusterOptions.StatusPublishInterval"/>, writes the cached status of each engine
/// this node holds a lease on, when it changed since the last write, into <c>EngineStatusSnapshots</c> for the other
/// nodes (ADR-021). A row is only written under a token at least as new as the one it carries, so a node that lost
/// an engine cannot overwrite what the new owner published. Nothing on a single node.
/// </summary>
public sealed partial class EngineStatusPublisher(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    EngineRegistry registry,
    EngineFence fence,
    IOptions<ClusterOptions> options,
    TimeProvider time,
    ILogger<EngineStatusPublisher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Published> _published = new(StringComparer.Ordinal);
    private IDisposable? _subscription;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        _subscription = registry.Subscribe(OnRegistryChange);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PublishAsync(stoppingToken);
                await Task.Delay(options.Value.StatusPublishInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex, fence.NodeId);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    /// <summary>Writes the changed status of every engine this node holds; returns how many rows it wrote.</summary>
    public async Task<int> PublishAsync(CancellationToken cancellationToken)
    {
        var held = fence.HeldLeases();
        foreach (var gone in _published.Keys.Except(held.Select(h => h.EngineId), StringComparer.Ordinal).ToList())
        {
            _published.TryRemove(gone, out _);
        }
        var written = 0;
        BreakoutBotDbContext? db = null;
        try
        {
            foreach (var (engineId, token) in held)
            {
                if (registry.Get(engineId) is not { } handle || !fence.IsValidLocally(engineId))
                {
                    continue;
                }
                var now = new Published(handle.Status, handle.CommandProgress, token);
                if (_published.TryGetValue(engineId, out var last) && last.Same(now))
                {
                    continue;
                }
                db ??= await contexts.CreateDbContextAsync(cancellationToken);
                if (await WriteAsync(db, engineId, token, RemoteEngineJson.Write(RemoteEnginePayload.From(handle)), cancellationToken))
                {
                    _published[engineId] = now;
                    written++;
                }
            }
        }
        finally
        {
            if (db is not null)
            {
                await db.DisposeAsync();
            }
        }
        return written;
    }

    private async Task<bool> WriteAsync(BreakoutBotDbContext db, string engineId, long token, string payload, CancellationToken cancellationToken)
    {
        var node = fence.NodeId;
        var at = time.GetUtcNow();
        var updated = await db.EngineStatusSnapshots.Where(s => s.EngineId == engineId && s.Token <= token).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.Node, node)
            .SetProperty(s => s.Token, token)
            .SetProperty(s => s.Revision, s => s.Revision + 1)
            .SetProperty(s => s.PublishedAt, at)
            .SetProperty(s => s.Payload, payload), cancellationToken);
        if (updated == 1)
        {
            return true;
        }
        if (await db.EngineStatusSnapshots.AnyAsync(s => s.EngineId == engineId, cancellationToken))
        {
            // Written under a newer token: another node runs the engine now (this one steps down at its next renewal).
            return false;
        }
        db.EngineStatusSnapshots.Add(new EngineStatusSnapshotEntity { EngineId = engineId, Node = node, Token = token, Revision = 1, PublishedAt = at, Payload = payload });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node inserted it first; the next pass updates it if this node still holds the engine.
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private void OnRegistryChange(EngineRegistryChange change)
    {
        if (!change.Added && !change.Released)
        {
            // Removed for good by its owner: its published status goes with it.
            _published.TryRemove(change.Handle.Id, out _);
            _ = ForgetAsync(change.Handle.Id);
        }
    }

    private async Task ForgetAsync(string engineId)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.EngineStatusSnapshots.Where(s => s.EngineId == engineId).ExecuteDeleteAsync();
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, fence.NodeId);
        }
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }

    private sealed record Published(BreakoutBot.Domain.Engine.EngineStatus Status, EngineCommandProgress? Command, long Token)
    {
        public bool Same(Published other) => ReferenceEquals(Status, other.Status) && ReferenceEquals(Command, other.Command) && Token == other.Token;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing engine status for the other nodes failed on node {Node}.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string node);
}
