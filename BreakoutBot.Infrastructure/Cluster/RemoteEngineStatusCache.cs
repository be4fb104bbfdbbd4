using System.Collections.Concurrent;
using System.Text.Json;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// On a cluster node: the engines other nodes run, as their owners last published them (ADR-021). Every
/// <see cref="ClusterOptions.StatusPublishInterval"/> it reads the snapshot rows' revisions (a small query) and fetches
/// the payloads that changed; pages that <see cref="Watch"/> are told which engines changed. It holds every stored engine
/// this node does not run; who may see which is the caller's check (role and the stored owner, as for local engines).
/// Empty on a single node.
/// </summary>
public sealed partial class RemoteEngineStatusCache(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    EngineRegistry registry,
    IOptions<ClusterOptions> options,
    TimeProvider time,
    ILogger<RemoteEngineStatusCache> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, RemoteEngineStatus> _engines = new(StringComparer.Ordinal);
    private readonly Lock _watchersLock = new();
    private Action<IReadOnlyCollection<string>>[] _watchers = [];

    public bool Enabled => options.Value.Enabled;

    /// <summary>The engine as last published, when another node runs it (null when this node runs it, or it is unknown).</summary>
    public RemoteEngineStatus? Get(string engineId) =>
        _engines.TryGetValue(engineId, out var remote) && registry.Get(engineId) is null ? remote : null;

    /// <summary>Every engine another node runs, by name.</summary>
    public IReadOnlyList<RemoteEngineStatus> List() =>
        _engines.Values.Where(r => registry.Get(r.EngineId) is null).OrderBy(r => r.Engine.Name, StringComparer.Ordinal).ThenBy(r => r.EngineId, StringComparer.Ordinal).ToList();

    /// <summary>Calls <paramref name="changed"/> with the ids of the remote engines that changed after each read; dispose to stop.</summary>
    public IDisposable Watch(Action<IReadOnlyCollection<string>> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        lock (_watchersLock)
        {
            _watchers = [.. _watchers, changed];
        }
        return new Unwatch(this, changed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
                await Task.Delay(options.Value.StatusPublishInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    /// <summary>Reads what changed since the last read; returns the ids of the remote engines that changed.</summary>
    public async Task<IReadOnlyCollection<string>> RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var rows = await (
            from s in db.EngineStatusSnapshots
            join e in db.Engines on s.EngineId equals e.Id
            join l in db.EngineLeases.Where(l => l.ExpiresAt > now) on s.EngineId equals l.EngineId into leases
            from l in leases.DefaultIfEmpty()
            select new Row(s.EngineId, s.Revision, e.OwnerUserId, l == null ? null : l.OwnerNode))
            .AsNoTracking().ToListAsync(cancellationToken);
        var remote = rows.Where(r => registry.Get(r.EngineId) is null).ToDictionary(r => r.EngineId, StringComparer.Ordinal);
        var changed = new List<string>();
        foreach (var gone in _engines.Keys.Where(id => !remote.ContainsKey(id)).ToList())
        {
            _engines.TryRemove(gone, out _);
            changed.Add(gone);
        }
        var fetch = remote.Values.Where(r => !_engines.TryGetValue(r.EngineId, out var known) || known.Revision != r.Revision).Select(r => r.EngineId).ToList();
        if (fetch.Count > 0)
        {
            var payloads = await db.EngineStatusSnapshots.AsNoTracking().Where(s => fetch.Contains(s.EngineId))
                .Select(s => new { s.EngineId, s.Node, s.Revision, s.PublishedAt, s.Payload }).ToListAsync(cancellationToken);
            foreach (var p in payloads)
            {
                try
                {
                    var row = remote[p.EngineId];
                    _engines[p.EngineId] = new RemoteEngineStatus(p.EngineId, row.OwnerId ?? EngineRegistry.SystemOwner, p.Node, row.LeaseNode, p.PublishedAt, p.Revision, RemoteEngineJson.Read(p.Payload));
                    changed.Add(p.EngineId);
                }
                catch (JsonException ex)
                {
                    LogUnreadable(logger, ex, p.EngineId, p.Node);
                }
            }
        }
        foreach (var row in remote.Values)
        {
            // The lease moved (or expired) without a new snapshot yet: say so at once.
            if (_engines.TryGetValue(row.EngineId, out var known) && (known.LeaseNode != row.LeaseNode || known.OwnerId != (row.OwnerId ?? EngineRegistry.SystemOwner)) && !changed.Contains(row.EngineId))
            {
                _engines[row.EngineId] = known with { LeaseNode = row.LeaseNode, OwnerId = row.OwnerId ?? EngineRegistry.SystemOwner };
                changed.Add(row.EngineId);
            }
        }
        if (changed.Count > 0)
        {
            Notify(changed);
        }
        return changed;
    }

    private void Notify(IReadOnlyCollection<string> changed)
    {
        foreach (var watcher in Volatile.Read(ref _watchers))
        {
            try
            {
                watcher(changed);
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }
        }
    }

    private sealed record Row(string EngineId, long Revision, string? OwnerId, string? LeaseNode);

    private sealed class Unwatch(RemoteEngineStatusCache cache, Action<IReadOnlyCollection<string>> watcher) : IDisposable
    {
        public void Dispose()
        {
            lock (cache._watchersLock)
            {
                cache._watchers = cache._watchers.Where(w => w != watcher).ToArray();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading the status of engines on other nodes failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The published status of engine {EngineId} (node {Node}) could not be read.")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string engineId, string node);
}
