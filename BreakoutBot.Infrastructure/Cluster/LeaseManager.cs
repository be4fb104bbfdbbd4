using System.Collections.Concurrent;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// A cluster node's side of the engine leases (ADR-020). Two loops, each every <see cref="ClusterOptions.RenewInterval"/>:
/// the renewal loop heartbeats the node and renews every lease it holds with a conditional UPDATE (owner and token must
/// still be its own), and steps down from an engine at once when a renewal is refused or the lease expired by the local
/// clock (counted from before the UPDATE was sent); the balancing loop takes free engines up to this node's share
/// (<see cref="LeaseRules"/>), rebuilding each like a restart and resuming it in the state it was in
/// (<see cref="EngineTakeover"/>), and gives one back gracefully when another live node is below its share. Does
/// nothing with <c>Cluster:Enabled=false</c>.
/// </summary>
public sealed partial class LeaseManager : BackgroundService
{
    private static readonly TimeSpan FlushWait = TimeSpan.FromSeconds(5);
    private readonly ClusterOptions _options;
    private readonly LeaseStore _store;
    private readonly EngineFence _fence;
    private readonly EngineRegistry _registry;
    private readonly EngineTakeover _takeover;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EngineEventWriter? _writes;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _backoff = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _balancing = new(1, 1);
    private IDisposable? _subscription;
    private long _renewals;
    private long _renewalTicks;

    public LeaseManager(IOptions<ClusterOptions> options, LeaseStore store, EngineFence fence, EngineRegistry registry, EngineTakeover takeover,
        TimeProvider time, ILogger<LeaseManager> logger, EngineEventWriter? writes = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _fence = fence ?? throw new ArgumentNullException(nameof(fence));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _takeover = takeover ?? throw new ArgumentNullException(nameof(takeover));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _writes = writes;
    }

    public bool Enabled => _options.Enabled;

    public string NodeId => _fence.NodeId;

    /// <summary>Lease renewals sent since start, and the wall time they took in total (for the renewal overhead).</summary>
    public (long Renewals, TimeSpan Spent) RenewalCost => (Interlocked.Read(ref _renewals), TimeSpan.FromTicks(Interlocked.Read(ref _renewalTicks)));

    /// <summary>
    /// Claims the lease of an engine about to be created on this node (the default engine): true when no node had it, so
    /// this node creates it; false when it exists in the cluster already (another node runs it or will). Always true on a
    /// single node.
    /// </summary>
    public async Task<bool> TryClaimNewAsync(string engineId, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return true;
        }
        return !await _store.EngineStoredAsync(engineId, cancellationToken) && await ClaimAsync(engineId, cancellationToken);
    }

    private async Task<bool> ClaimAsync(string engineId, CancellationToken cancellationToken)
    {
        var sentAt = _time.GetUtcNow();
        var grant = await _store.TryAcquireAsync(engineId, NodeId, null, sentAt, _options.LeaseDuration, cancellationToken);
        if (grant is null)
        {
            return false;
        }
        _fence.Hold(engineId, grant.Token, sentAt + _options.LeaseDuration);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }
        _subscription = _registry.Subscribe(OnRegistryChange);
        LogJoined(_logger, NodeId, _options.LeaseDuration.TotalSeconds, _options.RenewInterval.TotalSeconds);
        var renewing = RunEveryAsync(RenewPassAsync, stoppingToken);
        var balancing = RunEveryAsync(BalancePassAsync, stoppingToken);
        await Task.WhenAll(renewing, balancing);
    }

    private async Task RunEveryAsync(Func<CancellationToken, Task> pass, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(_logger, ex, NodeId);
            }
            try
            {
                await Task.Delay(_options.RenewInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One renewal pass: heartbeat, renew every held lease, step down from every one lost or expired locally.</summary>
    public async Task RenewPassAsync(CancellationToken cancellationToken)
    {
        var sentAt = _time.GetUtcNow();
        var held = _fence.HeldLeases();
        var started = _time.GetTimestamp();
        try
        {
            await _store.HeartbeatAsync(NodeId, sentAt, cancellationToken);
            if (held.Count > 0)
            {
                var lost = await _store.RenewAllAsync(held, NodeId, sentAt, _options.LeaseDuration, cancellationToken);
                Interlocked.Add(ref _renewals, held.Count);
                foreach (var (engineId, token) in held)
                {
                    if (lost.Contains(engineId))
                    {
                        StepDown(engineId, token, "its renewal was refused: another node holds the lease now");
                    }
                    else if (_fence.TokenFor(engineId) == token)
                    {
                        _fence.Hold(engineId, token, sentAt + _options.LeaseDuration);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRenewFailed(_logger, ex, NodeId);
        }
        finally
        {
            Interlocked.Add(ref _renewalTicks, _time.GetElapsedTime(started).Ticks);
        }
        // Whatever happened above: a lease not renewed in time is given up now (the database may be out of reach).
        var now = _time.GetUtcNow();
        foreach (var (engineId, token) in _fence.HeldLeases())
        {
            if (_fence.LocalExpiryOf(engineId) is { } expiry && now >= expiry)
            {
                StepDown(engineId, token, "its lease expired by this node's clock before it could be renewed");
            }
        }
    }

    /// <summary>One balancing pass: give back one engine above this node's share, take free ones up to it.</summary>
    public async Task BalancePassAsync(CancellationToken cancellationToken)
    {
        await _balancing.WaitAsync(cancellationToken);
        try
        {
            var view = await _store.ReadViewAsync(_time.GetUtcNow(), _options.LeaseDuration, cancellationToken);
            var held = _fence.HeldLeases().Select(h => h.EngineId).ToList();
            if (LeaseRules.ToRelease(view, NodeId, held) is { } give)
            {
                await ReleaseAsync(give, "it has more than its share of the cluster's engines", cancellationToken);
                return;
            }
            var now = _time.GetUtcNow();
            foreach (var expired in _backoff.Where(b => b.Value <= now).Select(b => b.Key).ToList())
            {
                _backoff.TryRemove(expired, out _);
            }
            foreach (var (engineId, seen) in LeaseRules.ToAcquire(view, NodeId, held.Count, _backoff.Keys.ToHashSet(StringComparer.Ordinal)))
            {
                var sentAt = _time.GetUtcNow();
                var grant = await _store.TryAcquireAsync(engineId, NodeId, seen, sentAt, _options.LeaseDuration, cancellationToken);
                if (grant is null)
                {
                    continue;
                }
                _fence.Hold(engineId, grant.Token, sentAt + _options.LeaseDuration);
                if (!await _takeover.TakeOverAsync(grant, cancellationToken))
                {
                    // Could not be rebuilt here: give it back at once and leave it to another node for a while.
                    _fence.Revoke(engineId);
                    await _store.ReleaseAsync(engineId, NodeId, grant.Token, _time.GetUtcNow(), cancellationToken);
                    _backoff[engineId] = _time.GetUtcNow() + 4 * _options.LeaseDuration;
                }
            }
        }
        finally
        {
            _balancing.Release();
        }
    }

    /// <summary>Stops the engine here without sending or writing anything more: the lease is lost.</summary>
    private void StepDown(string engineId, long token, string why)
    {
        if (_fence.TokenFor(engineId) != token)
        {
            return;
        }
        _fence.Revoke(engineId);
        _registry.Release(engineId);
        LogSteppedDown(_logger, engineId, NodeId, why);
    }

    /// <summary>Gives an engine back gracefully: stop it, let its queued writes reach the database, then free the lease.</summary>
    private async Task ReleaseAsync(string engineId, string why, CancellationToken cancellationToken)
    {
        if (_fence.TokenFor(engineId) is not { } token)
        {
            return;
        }
        _registry.Release(engineId);
        await WaitForWritesAsync(cancellationToken);
        _fence.Revoke(engineId);
        await _store.ReleaseAsync(engineId, NodeId, token, _time.GetUtcNow(), cancellationToken);
        _backoff[engineId] = _time.GetUtcNow() + 2 * _options.LeaseDuration;
        LogReleased(_logger, engineId, NodeId, why);
    }

    private async Task WaitForWritesAsync(CancellationToken cancellationToken)
    {
        if (_writes is null)
        {
            return;
        }
        var deadline = _time.GetUtcNow() + FlushWait;
        while ((_writes.QueueDepth > 0 || _writes.Held > 0) && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken);
        }
    }

    private void OnRegistryChange(EngineRegistryChange change)
    {
        var engineId = change.Handle.Id;
        if (change.Added && _fence.TokenFor(engineId) is null)
        {
            // An engine created on this node: it runs here, under a new lease.
            _ = ClaimCreatedAsync(engineId);
        }
        else if (!change.Added && !change.Released)
        {
            // Removed for good by its owner: its lease goes with it.
            _fence.Revoke(engineId);
            _ = ForgetAsync(engineId);
        }
    }

    private async Task ClaimCreatedAsync(string engineId)
    {
        try
        {
            if (!await ClaimAsync(engineId, CancellationToken.None))
            {
                LogClaimRefused(_logger, engineId, NodeId);
                _registry.Release(engineId);
            }
        }
        catch (Exception ex)
        {
            LogPassFailed(_logger, ex, NodeId);
        }
    }

    private async Task ForgetAsync(string engineId)
    {
        try
        {
            await _store.DeleteAsync(engineId, NodeId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogPassFailed(_logger, ex, NodeId);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _subscription?.Dispose();
        if (!Enabled)
        {
            return;
        }
        // A node shutting down hands its engines over at once instead of letting their leases run out.
        foreach (var (engineId, _) in _fence.HeldLeases())
        {
            try
            {
                await ReleaseAsync(engineId, "the node is shutting down", cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(_logger, ex, NodeId);
            }
        }
        try
        {
            await _store.RemoveNodeAsync(NodeId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPassFailed(_logger, ex, NodeId);
        }
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        _balancing.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster node {NodeId} joined: leases last {Lease} s, renewed every {Renew} s.")]
    private static partial void LogJoined(ILogger logger, string nodeId, double lease, double renew);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engine {EngineId}: node {NodeId} steps down because {Why}.")]
    private static partial void LogSteppedDown(ILogger logger, string engineId, string nodeId, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine {EngineId}: node {NodeId} released its lease because {Why}.")]
    private static partial void LogReleased(ILogger logger, string engineId, string nodeId, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engine {EngineId} was created on node {NodeId} but its lease is held elsewhere; it does not run here.")]
    private static partial void LogClaimRefused(ILogger logger, string engineId, string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} could not renew its leases; each is given up when it expires by the local clock.")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string nodeId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A lease pass of node {NodeId} failed.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string nodeId);
}
