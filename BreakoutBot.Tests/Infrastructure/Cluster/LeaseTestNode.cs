using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>One cluster node in process on a shared test database and fake clock: its fence, lease manager, registry and write-behind writer.</summary>
public sealed class LeaseTestNode : IAsyncDisposable
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan Renew = TimeSpan.FromSeconds(1);

    private LeaseTestNode(string nodeId, PersistenceTestDatabase database, BreakoutBot.Domain.Abstractions.IPresetSource? presets)
    {
        NodeId = nodeId;
        var options = Options.Create(new ClusterOptions { Enabled = true, NodeId = nodeId, LeaseDuration = Lease, RenewInterval = Renew });
        Store = new LeaseStore(database.Contexts);
        Fence = new EngineFence(options, Store, database.Time, NullLogger<EngineFence>.Instance);
        Writer = new EngineEventWriter(database.Contexts, Options.Create(WriterOptions), database.Time, NullLogger<EngineEventWriter>.Instance, fence: Fence);
        Registry = new EngineRegistry(NullLoggerFactory.Instance, database.Time, Writer, presets, fence: Fence);
        Instances = new EngineInstanceStore(database.Contexts, NullLogger<EngineInstanceStore>.Instance, Fence);
        Audit = new RecordingAudit();
        var takeover = new EngineTakeover(Instances, Registry, Fence, Audit, NullLogger<EngineTakeover>.Instance);
        Leases = new LeaseManager(options, Store, Fence, Registry, takeover, database.Time, NullLogger<LeaseManager>.Instance, Writer);
    }

    /// <summary>
    /// Write-behind settings of the test nodes: quick flushes, and quick retries when SQLite refuses a write because
    /// another node's writer holds the file (the default backoff doubles to 30 s, longer than a test waits).
    /// </summary>
    // Batches are written as soon as they are taken: the writer waits on the node's clock, the test's fake one, which
    // only moves when a test moves it, so a batch lingering for more would wait for that.
    public static WriteBehindOptions WriterOptions => new() { FlushIntervalMs = 0, RetryBaseDelayMs = 10, RetryMaxDelayMs = 100 };

    public string NodeId { get; }

    public LeaseStore Store { get; }

    public EngineFence Fence { get; }

    public EngineEventWriter Writer { get; }

    public EngineRegistry Registry { get; }

    public EngineInstanceStore Instances { get; }

    public LeaseManager Leases { get; }

    public RecordingAudit Audit { get; }

    /// <param name="presets">Where its engines read presets (default: the shipped catalog).</param>
    public static async Task<LeaseTestNode> StartAsync(string nodeId, PersistenceTestDatabase database, CancellationToken ct, BreakoutBot.Domain.Abstractions.IPresetSource? presets = null)
    {
        var node = new LeaseTestNode(nodeId, database, presets);
        await node.Writer.StartAsync(ct);
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.StopAsync(CancellationToken.None);
        Registry.Dispose();
        Writer.Dispose();
        Leases.Dispose();
    }

    public sealed class RecordingAudit : BreakoutBot.Domain.Abstractions.IAuditLog
    {
        public List<(string Action, string? Target, string? Details)> Entries { get; } = [];

        public void Record(string? userId, string? userName, string action, string? target, string? details, bool success = true)
        {
            lock (Entries)
            {
                Entries.Add((action, target, details));
            }
        }
    }
}
