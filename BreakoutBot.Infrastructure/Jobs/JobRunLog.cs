using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>Writes and reads the <c>JobRuns</c> table: one context per call.</summary>
public sealed class JobRunLog(IDbContextFactory<BreakoutBotDbContext> contexts, TimeProvider time)
{
    public async Task<long> QueueAsync(string job, string? requestedBy, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = new JobRunEntity { Job = job, RequestedBy = requestedBy, Status = JobRunStatus.Queued, QueuedAt = time.GetUtcNow() };
        db.Set<JobRunEntity>().Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    public Task SetHangfireIdAsync(long runId, string hangfireJobId, CancellationToken cancellationToken = default) =>
        UpdateAsync(runId, r => r.HangfireJobId = hangfireJobId, cancellationToken);

    public Task StartAsync(long runId, CancellationToken cancellationToken = default) =>
        UpdateAsync(runId, r =>
        {
            r.Status = JobRunStatus.Running;
            r.StartedAt = time.GetUtcNow();
            r.Progress = 0;
        }, cancellationToken);

    public Task ProgressAsync(long runId, int percent, CancellationToken cancellationToken = default) =>
        UpdateAsync(runId, r => r.Progress = Math.Clamp(percent, 0, 100), cancellationToken);

    public Task SucceedAsync(long runId, string message, string? filePath = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(runId, r =>
        {
            r.Status = JobRunStatus.Succeeded;
            r.Progress = 100;
            r.FinishedAt = time.GetUtcNow();
            r.Message = Truncate(message);
            r.FilePath = filePath ?? r.FilePath;
        }, cancellationToken);

    public Task FailAsync(long runId, string message, CancellationToken cancellationToken = default) =>
        UpdateAsync(runId, r =>
        {
            r.Status = JobRunStatus.Failed;
            r.FinishedAt = time.GetUtcNow();
            r.Message = Truncate(message);
        }, cancellationToken);

    /// <summary>A run, or null when the id is unknown.</summary>
    public async Task<JobRunSummary?> GetAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<JobRunEntity>().AsNoTracking().Where(r => r.Id == runId).Select(Summary).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The latest runs, newest first.</summary>
    public async Task<IReadOnlyList<JobRunSummary>> RecentAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<JobRunEntity>().AsNoTracking()
            .OrderByDescending(r => r.QueuedAt).ThenByDescending(r => r.Id)
            .Take(Math.Clamp(count, 1, 500))
            .Select(Summary)
            .ToListAsync(cancellationToken);
    }

    private static readonly System.Linq.Expressions.Expression<Func<JobRunEntity, JobRunSummary>> Summary = r =>
        new JobRunSummary(r.Id, r.Job, r.Status, r.Progress, r.RequestedBy, r.QueuedAt, r.StartedAt, r.FinishedAt, r.Message, r.FilePath);

    private async Task UpdateAsync(long runId, Action<JobRunEntity> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<JobRunEntity>().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new InvalidOperationException($"Job run {runId} does not exist.");
        change(row);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Truncate(string message) => message.Length <= 2000 ? message : message[..2000];
}
