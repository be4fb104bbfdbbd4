using System.Collections.Concurrent;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// This node's leases as it believes them to be (engine → fencing token and local expiry), and the checks every order
/// and every stored write of an engine pass (ADR-020): an order only leaves while the lease is valid locally AND the
/// database still names this node and token; a write-behind batch of an engine is only committed in a transaction that
/// locks the lease row and finds this node's token in it. With <c>Cluster:Enabled=false</c> every check passes at once.
/// </summary>
public sealed partial class EngineFence
{
    private readonly ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);
    private readonly LeaseStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _leaseDuration;

    public EngineFence(IOptions<ClusterOptions> options, LeaseStore store, TimeProvider time, ILogger<EngineFence> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Enabled = options.Value.Enabled;
        NodeId = options.Value.EffectiveNodeId;
        _leaseDuration = options.Value.LeaseDuration;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>False on a single node: nothing is checked.</summary>
    public bool Enabled { get; }

    public string NodeId { get; }

    /// <summary>Orders refused because the lease was no longer valid (since start).</summary>
    public long RefusedOrders => Interlocked.Read(ref _refusedOrders);

    /// <summary>Write-behind items dropped because the lease row no longer carried this node's token (since start).</summary>
    public long RefusedWrites => Interlocked.Read(ref _refusedWrites);

    private long _refusedOrders;
    private long _refusedWrites;

    /// <summary>The engines this node holds a lease for, with their tokens.</summary>
    public IReadOnlyList<(string EngineId, long Token)> HeldLeases() => _held.Select(h => (h.Key, h.Value.Token)).ToList();

    /// <summary>The token this node holds for the engine (null when it holds none).</summary>
    public long? TokenFor(string engineId) => _held.TryGetValue(engineId, out var h) ? h.Token : null;

    /// <summary>When this node's lease of the engine ends by its own clock (null when it holds none).</summary>
    public DateTimeOffset? LocalExpiryOf(string engineId) => _held.TryGetValue(engineId, out var h) ? h.LocalExpiry : null;

    /// <summary>Records a lease won or renewed: valid until <paramref name="localExpiry"/> (counted from before the statement was sent).</summary>
    public void Hold(string engineId, long token, DateTimeOffset localExpiry) => _held[engineId] = new Held(token, localExpiry);

    /// <summary>Forgets the lease: from now on the engine's orders and writes are refused on this node.</summary>
    public void Revoke(string engineId) => _held.TryRemove(engineId, out _);

    /// <summary>True while this node may act for the engine by its own clock (always true on a single node).</summary>
    public bool IsValidLocally(string engineId) =>
        !Enabled || (_held.TryGetValue(engineId, out var h) && _time.GetUtcNow() < h.LocalExpiry);

    /// <summary>
    /// Null when the engine may send an order now; otherwise why not. Local expiry first (no database round trip for a
    /// node that already knows), then the lease row, then the local expiry again (the round trip itself may have stalled).
    /// </summary>
    public async ValueTask<string?> RefuseOrderAsync(string engineId, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return null;
        }
        if (!_held.TryGetValue(engineId, out var held) || _time.GetUtcNow() >= held.LocalExpiry)
        {
            return Refused(engineId, "this node's lease of the engine has expired");
        }
        bool current;
        try
        {
            current = await _store.IsCurrentAsync(engineId, NodeId, held.Token, _time.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && StorageOutage.Is(ex))
        {
            return Refused(engineId, "the lease could not be checked: the database is unreachable");
        }
        if (!current)
        {
            return Refused(engineId, "another node holds the engine's lease now");
        }
        if (!_held.TryGetValue(engineId, out var after) || after.Token != held.Token || _time.GetUtcNow() >= after.LocalExpiry)
        {
            return Refused(engineId, "this node's lease of the engine expired during the check");
        }
        return null;
    }

    private string Refused(string engineId, string why)
    {
        Interlocked.Increment(ref _refusedOrders);
        LogOrderRefused(_logger, engineId, NodeId, why);
        return $"Order refused on node {NodeId}: {why} (fencing).";
    }

    /// <summary>
    /// Inside the caller's open transaction: the engines among <paramref name="engineIds"/> whose writes must be dropped
    /// because the lease row does not carry this node's token. On PostgreSQL the rows are read FOR SHARE, so a node taking
    /// the lease over waits until this transaction ends (and then rebuilds the engine from what it wrote).
    /// </summary>
    public async Task<IReadOnlySet<string>> RefusedWritersAsync(BreakoutBotDbContext db, IReadOnlyCollection<string> engineIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(engineIds);
        if (!Enabled || engineIds.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
        var ids = engineIds.Distinct(StringComparer.Ordinal).ToArray();
        var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        if (postgres)
        {
            // A node that stalls (GC pause, SIGSTOP) inside this transaction would hold the row lock and block the node
            // taking its lease over for as long as it stalls: the server ends such a session after one lease, which
            // releases the lock and rolls the batch back (the stalled node has lost the lease by then anyway).
            var timeoutMs = ((long)_leaseDuration.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await db.Database.ExecuteSqlAsync($"SELECT set_config('idle_in_transaction_session_timeout', {timeoutMs}, true)", cancellationToken);
        }
        var rows = postgres
            ? await db.EngineLeases.FromSqlRaw("SELECT * FROM \"EngineLeases\" WHERE \"EngineId\" = ANY({0}) FOR SHARE", [ids]).AsNoTracking().ToListAsync(cancellationToken)
            : await db.EngineLeases.AsNoTracking().Where(l => ids.Contains(l.EngineId)).ToListAsync(cancellationToken);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var row = rows.FirstOrDefault(r => r.EngineId == id);
            var mine = TokenFor(id);
            if (mine is null || row is null || row.OwnerNode != NodeId || row.Token != mine)
            {
                refused.Add(id);
            }
        }
        return refused;
    }

    /// <summary>Counts and logs a dropped batch part.</summary>
    public void ReportDroppedWrites(string engineId, int count)
    {
        Interlocked.Add(ref _refusedWrites, count);
        LogWritesDropped(_logger, count, engineId, NodeId);
    }

    private sealed record Held(long Token, DateTimeOffset LocalExpiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engine {EngineId}: order refused on node {NodeId}: {Why}.")]
    private static partial void LogOrderRefused(ILogger logger, string engineId, string nodeId, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} stored write(s) of engine {EngineId}: node {NodeId} no longer holds its lease token.")]
    private static partial void LogWritesDropped(ILogger logger, int count, string engineId, string nodeId);
}
