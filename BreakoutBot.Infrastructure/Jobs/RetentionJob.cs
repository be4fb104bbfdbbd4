using System.Globalization;
using BreakoutBot.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DbException = System.Data.Common.DbException;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>
/// Deletes decision-journal rows written more than <see cref="Journal.JournalOptions.RetentionDays"/> days ago, and FSM
/// transitions, equity snapshots and order-journal intents written more than <see cref="JobsOptions.RetentionDays"/> days ago by
/// the portal's clock (<c>WrittenAt</c>), never by the engine's clock, which is market time in a replay. Rows of
/// engines that are protected (see <see cref="RetentionScope"/>) and rows without a write time are kept.
/// </summary>
public sealed class RetentionJob(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    JobRunLog runs,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<RetentionJob> logger,
    IOptions<Journal.JournalOptions>? journal = null)
{
    public const string RecurringId = "retention";

    /// <summary>The recurring entry point: records its own job run.</summary>
    [AutomaticRetry(Attempts = 1)]
    public async Task<RetentionResult> RunScheduledAsync(CancellationToken cancellationToken)
    {
        var runId = await runs.QueueAsync(JobNames.Retention, "schedule", cancellationToken);
        return await RunAsync(runId, cancellationToken);
    }

    /// <summary>What a run now would delete, deleting nothing (shown to an Admin before a manual run).</summary>
    public async Task<RetentionResult> PreviewAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scope = await RetentionScope.LoadAsync(db, Cutoff(), cancellationToken);
        var journalCutoff = JournalCutoff();
        return await scope.CountAsync(db, cancellationToken) with
        {
            JournalCutoff = journalCutoff,
            JournalRowsDeleted = await db.DecisionJournal.CountAsync(d => d.WrittenAt < journalCutoff, cancellationToken),
        };
    }

    [AutomaticRetry(Attempts = 0)]
    public async Task<RetentionResult> RunAsync(long runId, CancellationToken cancellationToken)
    {
        await runs.StartAsync(runId, cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var scope = await RetentionScope.LoadAsync(db, Cutoff(), cancellationToken);
            var journalCutoff = JournalCutoff();
            var result = await scope.DeleteAsync(db, cancellationToken) with
            {
                JournalCutoff = journalCutoff,
                JournalRowsDeleted = await db.DecisionJournal.Where(d => d.WrittenAt < journalCutoff).ExecuteDeleteAsync(cancellationToken),
            };
            var message = string.Create(
                CultureInfo.InvariantCulture,
                $"Deleted {result.TransitionsDeleted} transitions, {result.EquitySnapshotsDeleted} equity snapshots and {result.OrderIntentsDeleted} order-journal intents written before {result.Cutoff:yyyy-MM-dd HH:mm} UTC; kept {result.RowsKept} older rows of running engines or open positions. Deleted {result.JournalRowsDeleted} decision-journal rows written before {journalCutoff:yyyy-MM-dd HH:mm} UTC.");
            await runs.SucceedAsync(runId, message, null, cancellationToken);
            logger.LogInformation("Retention {Run}: {Message}", runId, message);
            return result;
        }
        catch (DbException ex)
        {
            await runs.FailAsync(runId, "Retention failed: " + ex.Message, CancellationToken.None);
            throw;
        }
    }

    private DateTimeOffset Cutoff() => time.GetUtcNow().AddDays(-options.Value.RetentionDays);

    // The journal is diagnostic: its rows go after Journal:RetentionDays (default 30) whatever the engine's state.
    private DateTimeOffset JournalCutoff() => time.GetUtcNow().AddDays(-(journal?.Value.RetentionDays ?? new Journal.JournalOptions().RetentionDays));
}
