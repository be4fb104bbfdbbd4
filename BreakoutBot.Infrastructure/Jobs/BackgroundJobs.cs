using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.History;
using Hangfire;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>
/// Queues the one-off jobs on Hangfire, each with a job-run row first so the UI can follow it. A job a user asks for is
/// authorised here, on the server, from the user (what it may read, whether it may run), and audit-logged, refusals
/// included.
/// </summary>
public sealed class BackgroundJobs(IBackgroundJobClient client, JobRunLog runs, ExportQuota quota, IAuditLog audit)
{
    public const string ExportAction = "history.export";
    public const string RetentionAction = "retention.run";

    /// <summary>
    /// Queues a history export for <paramref name="user"/> within their quota (<see cref="ExportQuota"/>), of what the
    /// user may see (<see cref="HistoryScope.For"/>: their own engines' history for a Trader).
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">Not allowed or over quota; the message says which.</exception>
    public async Task<long> EnqueueExportAsync(HistoryKind kind, HistoryFilter filter, ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        var target = kind.ToString().ToLowerInvariant();
        if (await quota.RefusalAsync(user, cancellationToken) is { } refusal)
        {
            audit.Record(UserId(user), user?.Identity?.Name, ExportAction, target, refusal, success: false);
            throw new UnauthorizedAccessException(refusal);
        }
        var scope = HistoryScope.For(user);
        var runId = await runs.QueueAsync(JobNames.HistoryExport, user!.Identity!.Name, cancellationToken);
        var id = client.Enqueue<HistoryExportJob>(j => j.RunAsync(runId, scope, kind, filter, CancellationToken.None));
        await runs.SetHangfireIdAsync(runId, id, cancellationToken);
        audit.Record(UserId(user), user.Identity.Name, ExportAction, target, string.Create(CultureInfo.InvariantCulture, $"to the data folder, job run {runId}"));
        return runId;
    }

    public async Task<long> EnqueueImportAsync(string sourcePath, string? requestedBy, CancellationToken cancellationToken = default)
    {
        var runId = await runs.QueueAsync(JobNames.CandleImport, requestedBy, cancellationToken);
        var id = client.Enqueue<CandleImportJob>(j => j.RunAsync(runId, sourcePath, CancellationToken.None));
        await runs.SetHangfireIdAsync(runId, id, cancellationToken);
        return runId;
    }

    /// <summary>Queues the data-retention job now (it deletes old rows for good): Admins only.</summary>
    /// <exception cref="UnauthorizedAccessException">The user is not an Admin.</exception>
    public async Task<long> EnqueueRetentionAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        if (user?.Identity?.IsAuthenticated != true || !user.IsInRole(Roles.Admin))
        {
            audit.Record(UserId(user), user?.Identity?.Name, RetentionAction, "history", "denied: not an administrator", success: false);
            throw new UnauthorizedAccessException("Only an administrator may run the data retention.");
        }
        var runId = await runs.QueueAsync(JobNames.Retention, user.Identity.Name, cancellationToken);
        var id = client.Enqueue<RetentionJob>(j => j.RunAsync(runId, CancellationToken.None));
        await runs.SetHangfireIdAsync(runId, id, cancellationToken);
        audit.Record(UserId(user), user.Identity.Name, RetentionAction, "history", string.Create(CultureInfo.InvariantCulture, $"queued now, job run {runId}"));
        return runId;
    }

    private static string? UserId(ClaimsPrincipal? user) => user?.FindFirstValue(ClaimTypes.NameIdentifier);
}
