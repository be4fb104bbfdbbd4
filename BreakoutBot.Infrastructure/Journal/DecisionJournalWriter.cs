using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Journal;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Journal;

/// <summary>
/// Stores the decision journal of live and paper engines: the engine thread only builds the
/// <see cref="DecisionRecord"/>s (<see cref="DecisionJournalRecorder"/>) and queues them; serialising and writing run
/// on the write-behind queue's own task, in batches, like every other engine row.
/// </summary>
public sealed class DecisionJournalWriter : WriteBehindWriter<DecisionRecord>
{
    private readonly DecisionJournalRecorder _recorder;
    private readonly bool _enabled;
    private readonly Cluster.EngineFence? _fence;

    /// <param name="fence">On a cluster node (ADR-020): records of engines whose lease no longer carries this node's token are dropped.</param>
    public DecisionJournalWriter(
        IDbContextFactory<BreakoutBotDbContext> contexts,
        IOptions<WriteBehindOptions> options,
        IOptions<JournalOptions> journal,
        TimeProvider time,
        ILogger<DecisionJournalWriter> logger,
        Cluster.EngineFence? fence = null)
        : base(contexts, options?.Value ?? throw new ArgumentNullException(nameof(options)), time, logger)
    {
        _fence = fence;
        ArgumentNullException.ThrowIfNull(journal);
        _enabled = journal.Value.Enabled;
        _recorder = new DecisionJournalRecorder(record => TryEnqueue(record));
    }

    public bool Enabled => _enabled;

    protected override string ItemName => "journal record";

    /// <summary>Feeds one engine event to the journal; never blocks (a full queue drops and counts).</summary>
    public void Observe(EngineEvent engineEvent)
    {
        if (!_enabled)
        {
            return;
        }
        try
        {
            _recorder.Observe(engineEvent);
        }
        catch (Exception ex) when (ex is NullReferenceException or ArgumentException or InvalidOperationException)
        {
            // The journal explains the engine; it must never stop it (nor the other rows of the same event).
            Logger.LogWarning(ex, "Decision journal skipped a {Event} of engine {Engine}", engineEvent.GetType().Name, engineEvent.EngineId);
        }
    }

    protected override async Task WriteBatchAsync(BreakoutBotDbContext db, IReadOnlyList<DecisionRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(batch);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (_fence is { Enabled: true })
        {
            // The lease rows stay locked until the records are committed, so no new owner takes the engine over meanwhile.
            var refused = await _fence.RefusedWritersAsync(db, batch.Select(r => r.EngineId).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
            foreach (var group in batch.Where(r => refused.Contains(r.EngineId)).GroupBy(r => r.EngineId, StringComparer.Ordinal))
            {
                _fence.ReportDroppedWrites(group.Key, group.Count());
            }
            batch = refused.Count == 0 ? batch : batch.Where(r => !refused.Contains(r.EngineId)).ToList();
        }
        var writtenAt = Clock.GetUtcNow();
        foreach (var r in batch)
        {
            db.DecisionJournal.Add(new DecisionJournalEntity
            {
                EngineId = r.EngineId,
                Time = r.Time,
                Bar = r.Bar,
                InstrumentId = r.InstrumentId,
                Rank = r.Rank,
                Score = double.IsFinite(r.Score) ? r.Score : 0d,
                Outcome = r.Outcome,
                Reason = r.Reason.Length > 2000 ? r.Reason[..1997] + "..." : r.Reason,
                DetailJson = DecisionJournalCodec.Encode(r),
                WrittenAt = writtenAt,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
