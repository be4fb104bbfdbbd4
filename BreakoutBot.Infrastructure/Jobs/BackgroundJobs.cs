using System.Security.Claims;
using BreakoutBot.Infrastructure.History;
using Hangfire;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>Queues the one-off jobs on Hangfire, each with a job-run row first so the UI can follow it.</summary>
public sealed class BackgroundJobs(IBackgroundJobClient client, JobRunLog runs, ExportQuota quota)
{
    /// <summary>Queues a history export for <paramref name="user"/> within their quota (<see cref="ExportQuota"/>).</summary>
    /// <exception cref="UnauthorizedAccessException">Not allowed or over quota; the message says which.</exception>
    public async Task<long> EnqueueExportAsync(HistoryScope scope, HistoryKind kind, HistoryFilter filter, ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        if (await quota.RefusalAsync(user, cancellationToken) is { } refusal)
        {
            throw new UnauthorizedAccessException(refusal);
        }
        var runId = await runs.QueueAsync(JobNames.HistoryExport, user!.Identity!.Name, cancellationToken);
        var id = client.Enqueue<HistoryExportJob>(j => j.RunAsync(runId, scope, kind, filter, CancellationToken.None));
        await runs.SetHangfireIdAsync(runId, id, cancellationToken);
        return runId;
    }

    public async Task<long> EnqueueImportAsync(string sourcePath, string? requestedBy, CancellationToken cancellationToken = default)
    {
        var runId = await runs.QueueAsync(JobNames.CandleImport, requestedBy, cancellationToken);
        var id = client.Enqueue<CandleImportJob>(j => j.RunAsync(runId, sourcePath, CancellationToken.None));
        await runs.SetHangfireIdAsync(runId, id, cancellationToken);
        return runId;
    }

    public async Task<long> EnqueueRetentionAsync(string? requestedBy, CancellationToken cancellationToken = default)
    {
        var runId = await runs.QueueAsync(JobNames.Retention, requestedBy, cancellationToken);
        var id = client.Enqueue<RetentionJob>(j => j.RunAsync(runId, CancellationToken.None));
        await runs.SetHangfireIdAsync(runId, id, cancellationToken);
        return runId;
    }
}
