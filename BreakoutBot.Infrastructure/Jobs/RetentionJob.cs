using System.Globalization;
using BreakoutBot.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DbException = System.Data.Common.DbException;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>Deletes FSM transitions and equity snapshots older than <see cref="JobsOptions.RetentionDays"/> days.</summary>
public sealed class RetentionJob(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    JobRunLog runs,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<RetentionJob> logger)
{
    public const string RecurringId = "retention";

    /// <summary>The recurring entry point: records its own job run.</summary>
    [AutomaticRetry(Attempts = 1)]
    public async Task<RetentionResult> RunScheduledAsync(CancellationToken cancellationToken)
    {
        var runId = await runs.QueueAsync(JobNames.Retention, "schedule", cancellationToken);
        return await RunAsync(runId, cancellationToken);
    }

    [AutomaticRetry(Attempts = 0)]
    public async Task<RetentionResult> RunAsync(long runId, CancellationToken cancellationToken)
    {
        await runs.StartAsync(runId, cancellationToken);
        var cutoff = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var transitions = await db.StateTransitions.Where(t => t.Time < cutoff).ExecuteDeleteAsync(cancellationToken);
            var snapshots = await db.EquitySnapshots.Where(s => s.Time < cutoff).ExecuteDeleteAsync(cancellationToken);
            var result = new RetentionResult(cutoff, transitions, snapshots);
            var message = string.Create(
                CultureInfo.InvariantCulture,
                $"Deleted {transitions} transitions and {snapshots} equity snapshots older than {cutoff:yyyy-MM-dd HH:mm} UTC.");
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
}
